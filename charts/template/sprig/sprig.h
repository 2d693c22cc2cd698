// Sprig v3.3.0's template functions (TxtFuncMap) as Helm exposes them: every function but
// `env` and `expandenv`. Each group registers into a tmpl::Funcs; Helm's own functions
// (include, tpl, toYaml, ...) are added on top by charts/.
#pragma once

#include "charts/template/template.h"

namespace primer::tmpl::sprig {

/// Where the two Helm oracles' copies of Sprig behave differently (their Go toolchains and
/// semver libraries differ), which one to follow.
struct Options {
  bool helm3 = false;
};

/// strings.cc: trim, quote, indent, replace, title, sha256sum...
void add_strings(Funcs& funcs, const Options& options);
/// lists.cc: list, append, first, uniq, slice, concat, ...
void add_lists(Funcs& funcs, const Options& options);
/// dicts.cc: dict, set, merge, mergeOverwrite, dig, ...
void add_dicts(Funcs& funcs, const Options& options);
/// numeric.cc: int, add, until, seq, round, ...
void add_numeric(Funcs& funcs, const Options& options);
/// defaults.cc: default, empty, coalesce, ternary, json, ...
void add_defaults(Funcs& funcs, const Options& options);
/// reflect.cc: typeOf, kindIs, deepEqual, ...
void add_reflect(Funcs& funcs, const Options& options);
/// paths.cc: base, dir, clean, ext, isAbs, os*
void add_paths(Funcs& funcs, const Options& options);
/// encoding.cc: b64enc, b64dec, b32enc, b32dec
void add_encoding(Funcs& funcs, const Options& options);
/// regex.cc: regexMatch, regexReplaceAll, ... (RE2)
void add_regex(Funcs& funcs, const Options& options);
/// crypto.cc: genCA, bcrypt, htpasswd, derivePassword, AES...
void add_crypto(Funcs& funcs, const Options& options);
/// random.cc: randAlphaNum, uuidv4, randInt, shuffle, ...
void add_random(Funcs& funcs, const Options& options);
/// dates.cc: now, date, dateInZone, toDate, duration, ...
void add_dates(Funcs& funcs, const Options& options);
/// semver_funcs.cc: semver, semverCompare
void add_semver(Funcs& funcs, const Options& options);
/// network.cc: urlParse, urlJoin, getHostByName
void add_network(Funcs& funcs, const Options& options);

/// Every group above.
void add_all(Funcs& funcs, const Options& options = {});

}  // namespace primer::tmpl::sprig

