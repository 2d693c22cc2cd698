// Sprig's semver and semverCompare over charts/semver (Masterminds/semver v3).

#include <map>
#include <memory>

#include "charts/semver/semver.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using value::Value;

semver::Flavor flavor_of(const Options& options) {
  // helm 3.17.3 links Masterminds/semver v3.3.0, helm 4.1.4 v3.4.0.
  return options.helm3 ? semver::Flavor::V3_3 : semver::Flavor::V3_4;
}

/// A *semver.Version: methods only (its fields are unexported); prints through String().
class VersionObject : public Object {
 public:
  explicit VersionObject(semver::Version v) : v_(std::move(v)) {
    auto getter = [this](std::string name, auto get) {
      methods_[std::move(name)] =
          Function{Signature{{}}, [v = v_, get](Call&, std::span<const TValue>) { return get(v); }};
    };
    // TODO(object): Go's uint64; GoType has no unsigned type, so %T says int64.
    getter("Major", [](const semver::Version& v) {
      return TValue(GoType::Int64, Value(static_cast<std::int64_t>(v.major())));
    });
    getter("Minor", [](const semver::Version& v) {
      return TValue(GoType::Int64, Value(static_cast<std::int64_t>(v.minor())));
    });
    getter("Patch", [](const semver::Version& v) {
      return TValue(GoType::Int64, Value(static_cast<std::int64_t>(v.patch())));
    });
    getter("Prerelease",
           [](const semver::Version& v) { return TValue(GoType::String, Value(v.prerelease())); });
    getter("Metadata",
           [](const semver::Version& v) { return TValue(GoType::String, Value(v.metadata())); });
    getter("Original",
           [](const semver::Version& v) { return TValue(GoType::String, Value(v.original())); });
    getter("String",
           [](const semver::Version& v) { return TValue(GoType::String, Value(v.str())); });
  }

  std::string_view type_name() const override { return "*semver.Version"; }
  std::string_view kind_name() const override { return "ptr"; }
  const Function* method(std::string_view name) const override {
    auto it = methods_.find(name);
    return it == methods_.end() ? nullptr : &it->second;
  }
  std::optional<std::string> string() const override { return v_.str(); }
  // parity: Version.MarshalJSON writes String().
  Value data() const override { return Value(v_.str()); }

 private:
  semver::Version v_;
  std::map<std::string, Function, std::less<>> methods_;
};

}  // namespace

void add_semver(Funcs& funcs, const Options& options) {
  semver::Flavor flavor = flavor_of(options);
  funcs.add("semver", {{Param::String}}, [flavor](Call&, std::span<const TValue> a) {
    return TValue::of(std::make_shared<const VersionObject>(
        semver::Version::parse(a[0].value().as_string(), flavor)));
  });
  funcs.add("semverCompare", {{Param::String, Param::String}},
            [flavor](Call&, std::span<const TValue> a) {
              return TValue(GoType::Bool,
                            Value(semver::satisfies(a[0].value().as_string(),
                                                    a[1].value().as_string(), flavor)));
            });
}

}  // namespace primer::tmpl::sprig
