// Sprig's crypto functions on OpenSSL's libcrypto: bcrypt/htpasswd, derivePassword (Master
// Password: scrypt + HMAC-SHA256), AES-CBC in Sprig's format, private keys and X.509
// certificates shaped as Go's crypto/x509 makes them for Sprig's templates.

#include "charts/template/sprig/detail/crypto.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <array>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>

#include "base/error.h"
#include "charts/template/sprig/sprig.h"

namespace primer::tmpl::sprig {
namespace {

using value::Value;

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bn = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using BnCtx = std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>>;

Error openssl_error(const std::string& what) {
  unsigned long code = ERR_get_error();
  char buf[256] = {};
  if (code) ERR_error_string_n(code, buf, sizeof buf);
  ERR_clear_error();
  return Error(what + (code ? std::string(": ") + buf : std::string()));
}

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (n && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
    throw openssl_error("crypto/rand");
  return out;
}

// ---- bcrypt ------------------------------------------------------------------------------

// Blowfish's initial P-array and S-boxes are the hexadecimal digits of pi's fraction
// (Schneier 1993). They are computed here with Machin's formula instead of being spelled out.
struct BlowfishState {
  std::array<std::uint32_t, 18> p;
  std::array<std::array<std::uint32_t, 256>, 4> s;
};

BlowfishState blowfish_initial_state() {
  constexpr int kWords = 18 + 4 * 256;
  constexpr int kBits = kWords * 32 + 64;  // 64 guard bits
  BnCtx ctx(BN_CTX_new());
  // arctan(1/x) * 2^kBits, summed as Σ (-1)^k / ((2k+1) x^(2k+1)).
  auto arctan_inv = [&](unsigned x) {
    Bn sum(BN_new()), term(BN_new()), t(BN_new());
    BN_one(term.get());
    BN_lshift(term.get(), term.get(), kBits);
    BN_div_word(term.get(), x);
    BN_zero(sum.get());
    for (unsigned k = 0; !BN_is_zero(term.get()); ++k) {
      BN_copy(t.get(), term.get());
      BN_div_word(t.get(), 2 * k + 1);
      if (k % 2 == 0) {
        BN_add(sum.get(), sum.get(), t.get());
      } else {
        BN_sub(sum.get(), sum.get(), t.get());
      }
      BN_div_word(term.get(), x * x);
    }
    return sum;
  };
  Bn a = arctan_inv(5), b = arctan_inv(239), pi(BN_new());
  BN_mul_word(a.get(), 16);
  BN_mul_word(b.get(), 4);
  BN_sub(pi.get(), a.get(), b.get());
  BN_rshift(pi.get(), pi.get(), 64);  // drop the guard bits: pi * 2^(kWords*32)
  std::vector<unsigned char> bytes(static_cast<std::size_t>(kWords) * 4 + 1);
  BN_bn2binpad(pi.get(), bytes.data(), static_cast<int>(bytes.size()));  // bytes[0] == 3
  BlowfishState st{};
  auto word = [&](int i) {
    const unsigned char* w = &bytes[1 + static_cast<std::size_t>(i) * 4];
    return (std::uint32_t{w[0]} << 24) | (std::uint32_t{w[1]} << 16) | (std::uint32_t{w[2]} << 8) |
           std::uint32_t{w[3]};
  };
  for (int i = 0; i < 18; ++i) st.p[static_cast<std::size_t>(i)] = word(i);
  for (int b2 = 0; b2 < 4; ++b2) {
    for (int i = 0; i < 256; ++i)
      st.s[static_cast<std::size_t>(b2)][static_cast<std::size_t>(i)] = word(18 + b2 * 256 + i);
  }
  return st;
}

std::uint32_t bf_f(const BlowfishState& c, std::uint32_t x) {
  return ((c.s[0][x >> 24] + c.s[1][(x >> 16) & 0xff]) ^ c.s[2][(x >> 8) & 0xff]) +
         c.s[3][x & 0xff];
}

void bf_encrypt(const BlowfishState& c, std::uint32_t& l, std::uint32_t& r) {
  std::uint32_t xl = l ^ c.p[0], xr = r;
  for (int i = 1; i <= 16; i += 2) {
    xr ^= bf_f(c, xl) ^ c.p[static_cast<std::size_t>(i)];
    xl ^= bf_f(c, xr) ^ c.p[static_cast<std::size_t>(i) + 1];
  }
  xr ^= c.p[17];
  l = xr;
  r = xl;
}

std::uint32_t next_word(const std::string& b, std::size_t& j) {
  std::uint32_t w = 0;
  for (int k = 0; k < 4; ++k) {
    w = (w << 8) | static_cast<unsigned char>(b[j]);
    if (++j >= b.size()) j = 0;
  }
  return w;
}

// parity: x/crypto/blowfish expandKeyWithSalt (salt empty: ExpandKey).
void bf_expand(BlowfishState& c, const std::string& key, const std::string* salt) {
  std::size_t j = 0;
  for (auto& p : c.p) p ^= next_word(key, j);
  j = 0;
  std::uint32_t l = 0, r = 0;
  auto step = [&](std::uint32_t& a, std::uint32_t& b) {
    if (salt) {
      l ^= next_word(*salt, j);
      r ^= next_word(*salt, j);
    }
    bf_encrypt(c, l, r);
    a = l;
    b = r;
  };
  for (std::size_t i = 0; i < 18; i += 2) step(c.p[i], c.p[i + 1]);
  for (auto& box : c.s) {
    for (std::size_t i = 0; i < 256; i += 2) step(box[i], box[i + 1]);
  }
}

constexpr char kBcryptAlphabet[] =
    "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

std::string bcrypt_base64(const std::string& in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(in[i])} << 16) |
                      (std::uint32_t{static_cast<unsigned char>(in[i + 1])} << 8) |
                      static_cast<unsigned char>(in[i + 2]);
    for (int k = 3; k >= 0; --k) out += kBcryptAlphabet[(v >> (6 * k)) & 63];
  }
  std::size_t rest = in.size() - i;
  if (rest) {
    std::uint32_t v = std::uint32_t{static_cast<unsigned char>(in[i])} << 16;
    if (rest == 2) v |= std::uint32_t{static_cast<unsigned char>(in[i + 1])} << 8;
    for (std::size_t k = 0; k <= rest; ++k) out += kBcryptAlphabet[(v >> (6 * (3 - k))) & 63];
  }
  return out;
}

// bcrypt.GenerateFromPassword(password, cost) with a given 16-byte salt.
std::string bcrypt_hash(const std::string& password, const std::string& salt, int cost) {
  if (password.size() > 72) throw Error("bcrypt: password length exceeds 72 bytes");
  std::string key = password + '\0';
  // Computed once; immutable afterwards.
  static const BlowfishState kInitial = blowfish_initial_state();
  BlowfishState c = kInitial;
  bf_expand(c, key, &salt);
  for (std::uint64_t i = 0; i < (std::uint64_t{1} << cost); ++i) {
    bf_expand(c, key, nullptr);
    bf_expand(c, salt, nullptr);
  }
  std::uint32_t data[6];
  const char* magic = "OrpheanBeholderScryDoubt";
  for (int i = 0; i < 6; ++i) {
    data[i] = (std::uint32_t{static_cast<unsigned char>(magic[4 * i])} << 24) |
              (std::uint32_t{static_cast<unsigned char>(magic[4 * i + 1])} << 16) |
              (std::uint32_t{static_cast<unsigned char>(magic[4 * i + 2])} << 8) |
              static_cast<unsigned char>(magic[4 * i + 3]);
  }
  for (int i = 0; i < 6; i += 2) {
    for (int j = 0; j < 64; ++j) bf_encrypt(c, data[i], data[i + 1]);
  }
  std::string ctext;
  for (std::uint32_t w : data) {
    for (int k = 3; k >= 0; --k) ctext += static_cast<char>((w >> (8 * k)) & 0xff);
  }
  std::string cost_text = (cost < 10 ? "0" : "") + std::to_string(cost);
  return "$2a$" + cost_text + "$" + bcrypt_base64(salt) + bcrypt_base64(ctext.substr(0, 23));
}

std::string bcrypt_string(const std::string& input) {
  try {
    return bcrypt_hash(input, random_bytes(16), 10);
  } catch (const Error& e) {
    return std::string("failed to encrypt string with bcrypt: ") + e.what();
  }
}

// ---- derivePassword ----------------------------------------------------------------------

const std::map<std::string, std::vector<std::string>, std::less<>>& password_templates() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> kTemplates = {
      {"maximum", {"anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"}},
      {"long",
       {"CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
        "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
        "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
        "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
        "CvccCvcvCvccno"}},
      {"medium", {"CvcnoCvc", "CvcCvcno"}},
      {"short", {"Cvcn"}},
      {"basic", {"aaanaaan", "aannaaan", "aaannaaa"}},
      {"pin", {"nnnn"}},
  };
  return kTemplates;
}

std::string_view template_characters(char c) {
  switch (c) {
    case 'V':
      return "AEIOU";
    case 'C':
      return "BCDFGHJKLMNPQRSTVWXYZ";
    case 'v':
      return "aeiou";
    case 'c':
      return "bcdfghjklmnpqrstvwxyz";
    case 'A':
      return "AEIOUBCDFGHJKLMNPQRSTVWXYZ";
    case 'a':
      return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";
    case 'n':
      return "0123456789";
    case 'o':
      return "@&%?,=[]_:-+*$#!'^~;()/.";
    case 'x':
      return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()";
    default:
      return "";
  }
}

void put_be32(std::string& out, std::uint32_t v) {
  for (int k = 3; k >= 0; --k) out += static_cast<char>((v >> (8 * k)) & 0xff);
}

// parity: Sprig's derivePassword (Master Password v3 algorithm).
std::string derive_password(std::uint32_t counter, const std::string& type,
                            const std::string& password, const std::string& user,
                            const std::string& site) {
  const auto& all = password_templates();
  auto it = all.find(type);
  if (it == all.end()) return "cannot find password template " + type;
  const std::string seed_name = "com.lyndir.masterpassword";
  std::string salt = seed_name;
  put_be32(salt, static_cast<std::uint32_t>(user.size()));
  salt += user;
  unsigned char key[64];
  if (EVP_PBE_scrypt(password.data(), password.size(),
                     reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), 32768, 8, 2,
                     std::uint64_t{1} << 30, key, sizeof key) != 1)
    return "failed to derive password: " + std::string(openssl_error("scrypt").what());
  std::string msg = seed_name;
  put_be32(msg, static_cast<std::uint32_t>(site.size()));
  msg += site;
  put_be32(msg, counter);
  unsigned char seed[EVP_MAX_MD_SIZE];
  unsigned int seed_len = 0;
  HMAC(EVP_sha256(), key, sizeof key, reinterpret_cast<const unsigned char*>(msg.data()),
       msg.size(), seed, &seed_len);
  const std::string& tmpl = it->second[seed[0] % it->second.size()];
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    std::string_view chars = template_characters(tmpl[i]);
    out += chars[seed[i + 1] % chars.size()];
  }
  return out;
}

// ---- AES ---------------------------------------------------------------------------------

std::string base64_encode(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// encoding/base64 StdEncoding.DecodeString, with Go's error text.
std::string base64_decode(const std::string& in) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t i = 0;
  auto illegal = [](std::size_t at) {
    return Error("illegal base64 data at input byte " + std::to_string(at));
  };
  for (; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=') break;
    std::size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) throw illegal(i);
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  // Padding: the quantum must be completed by exactly the right number of '='.
  std::size_t data_chars = 0;
  for (std::size_t k = 0; k < i; ++k) data_chars += in[k] != '\r' && in[k] != '\n';
  std::size_t rem = data_chars % 4;
  if (i == in.size()) {
    if (rem != 0) throw illegal(in.size() - (rem == 1 ? 1 : 0) - (rem == 1 ? 0 : 0));
  } else {
    if (rem < 2) throw illegal(i);
    std::size_t pads = 4 - rem, k = i;
    for (std::size_t p = 0; p < pads; ++p, ++k) {
      while (k < in.size() && (in[k] == '\r' || in[k] == '\n')) ++k;
      if (k >= in.size() || in[k] != '=') throw illegal(k < in.size() ? k : in.size());
    }
    while (k < in.size() && (in[k] == '\r' || in[k] == '\n')) ++k;
    if (k < in.size()) throw illegal(k);
  }
  return out;
}

std::string aes_key(const std::string& password) {
  std::string key(32, '\0');
  std::memcpy(key.data(), password.data(), std::min<std::size_t>(32, password.size()));
  return key;
}

std::string aes_cbc(const std::string& key, const std::string& iv, const std::string& in,
                    bool enc) {
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  std::string out(in.size() + 16, '\0');
  int n = 0, m = 0;
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr,
                        reinterpret_cast<const unsigned char*>(key.data()),
                        reinterpret_cast<const unsigned char*>(iv.data()), enc ? 1 : 0) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      EVP_CipherUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &n,
                       reinterpret_cast<const unsigned char*>(in.data()),
                       static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + n, &m) != 1)
    throw openssl_error("aes");
  out.resize(static_cast<std::size_t>(n + m));
  return out;
}

std::string encrypt_aes(const std::string& password, const std::string& plaintext) {
  if (plaintext.empty()) return "";
  std::size_t pad = 16 - plaintext.size() % 16;
  std::string content = plaintext + std::string(pad, static_cast<char>(pad));
  std::string iv = random_bytes(16);
  return base64_encode(iv + aes_cbc(aes_key(password), iv, content, true));
}

std::string decrypt_aes(const std::string& password, const std::string& crypt64) {
  if (crypt64.empty()) return "";
  std::string crypt = base64_decode(crypt64);
  if (crypt.size() < 16) {
    throw Error("runtime error: slice bounds out of range [:16] with capacity " +
                std::to_string(crypt.size()));
  }
  std::string body = crypt.substr(16);
  if (body.size() % 16 != 0) throw Error("crypto/cipher: input not full blocks");
  std::string plain = aes_cbc(aes_key(password), crypt.substr(0, 16), body, false);
  if (plain.empty()) throw Error("runtime error: index out of range [-1]");
  auto pad = static_cast<unsigned char>(plain.back());
  if (pad > plain.size()) {
    throw Error("runtime error: slice bounds out of range [:" +
                std::to_string(static_cast<long>(plain.size()) - pad) + "]");
  }
  return plain.substr(0, plain.size() - pad);
}

// ---- keys and certificates ---------------------------------------------------------------

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

// The PEM Go's pemBlockForKey writes: PKCS#1 "RSA PRIVATE KEY", SEC 1 "EC PRIVATE KEY",
// "DSA PRIVATE KEY", else PKCS#8 "PRIVATE KEY".
std::string key_pem(EVP_PKEY* key) {
  int id = EVP_PKEY_get_base_id(key);
  const char* structure = id == EVP_PKEY_RSA || id == EVP_PKEY_EC || id == EVP_PKEY_DSA
                              ? "type-specific"
                              : "PrivateKeyInfo";
  std::unique_ptr<OSSL_ENCODER_CTX, Deleter<OSSL_ENCODER_CTX, OSSL_ENCODER_CTX_free>> ctx(
      OSSL_ENCODER_CTX_new_for_pkey(
          key, OSSL_KEYMGMT_SELECT_KEYPAIR | OSSL_KEYMGMT_SELECT_ALL_PARAMETERS, "PEM", structure,
          nullptr));
  Bio bio(BIO_new(BIO_s_mem()));
  if (!ctx || OSSL_ENCODER_to_bio(ctx.get(), bio.get()) != 1) throw openssl_error("encoding key");
  return bio_string(bio.get());
}

PKey generate_key(const char* type, const OSSL_PARAM* params, const char* group = nullptr) {
  EVP_PKEY* out = nullptr;
  if (group) {
    out = EVP_PKEY_Q_keygen(nullptr, nullptr, type, group);
  } else if (params) {
    std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    if (ctx && EVP_PKEY_keygen_init(ctx.get()) == 1 &&
        EVP_PKEY_CTX_set_params(ctx.get(), params) == 1)
      EVP_PKEY_generate(ctx.get(), &out);
  } else {
    out = EVP_PKEY_Q_keygen(nullptr, nullptr, type);
  }
  if (!out) throw openssl_error("generating key");
  return PKey(out);
}

PKey rsa_key(unsigned bits) {
  PKey k(EVP_RSA_gen(bits));
  if (!k) throw openssl_error("error generating rsa key");
  return k;
}

std::string generate_private_key(const std::string& type) {
  try {
    if (type.empty() || type == "rsa") return key_pem(rsa_key(4096).get());
    if (type == "ecdsa") return key_pem(generate_key("EC", nullptr, "P-256").get());
    if (type == "ed25519") return key_pem(generate_key("ED25519", nullptr).get());
    if (type == "dsa") {
      std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>> pctx(
          EVP_PKEY_CTX_new_from_name(nullptr, "DSA", nullptr));
      EVP_PKEY* params = nullptr;
      if (!pctx || EVP_PKEY_paramgen_init(pctx.get()) != 1 ||
          EVP_PKEY_CTX_set_dsa_paramgen_bits(pctx.get(), 2048) != 1 ||
          EVP_PKEY_CTX_set_dsa_paramgen_q_bits(pctx.get(), 256) != 1 ||
          EVP_PKEY_paramgen(pctx.get(), &params) != 1)
        return "failed to generate dsa params: " + std::string(openssl_error("dsa").what());
      PKey p(params);
      std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>> kctx(
          EVP_PKEY_CTX_new_from_pkey(nullptr, p.get(), nullptr));
      EVP_PKEY* key = nullptr;
      if (!kctx || EVP_PKEY_keygen_init(kctx.get()) != 1 || EVP_PKEY_keygen(kctx.get(), &key) != 1)
        throw openssl_error("dsa");
      return key_pem(PKey(key).get());
    }
  } catch (const Error& e) {
    return std::string("failed to generate private key: ") + e.what();
  }
  return "Unknown type " + type;
}

// parity: Sprig's parsePrivateKeyPEM, with Go's messages for the cases it names itself.
PKey parse_private_key(const std::string& pem) {
  std::size_t begin = pem.find("-----BEGIN ");
  std::size_t end_type = begin == std::string::npos ? begin : pem.find("-----", begin + 11);
  if (end_type == std::string::npos) throw Error("no PEM data in input");
  std::string type = pem.substr(begin + 11, end_type - begin - 11);
  if (type != "PRIVATE KEY" &&
      (type.size() < 12 || type.compare(type.size() - 12, 12, " PRIVATE KEY") != 0))
    throw Error("no private key data in PEM block of type " + type);
  std::string kind = type == "PRIVATE KEY" ? "" : type.substr(0, type.size() - 12);
  if (!kind.empty() && kind != "RSA" && kind != "EC" && kind != "DSA")
    throw Error("invalid private key type " + type);
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (!key) {
    ERR_clear_error();
    if (kind.empty()) throw Error("decoding PEM as PKCS#8: asn1: structure error");
    throw Error("parsing " + kind + " private key from PEM: asn1: structure error");
  }
  return PKey(key);
}

struct Certificate {
  std::string cert, key;
};

/// Sprig's `certificate` struct: templates read .Cert and .Key.
class CertificateObject : public Object {
 public:
  explicit CertificateObject(Certificate c) : c_(std::move(c)) {}
  const Certificate& certificate() const { return c_; }
  std::string_view type_name() const override { return "sprig.certificate"; }
  std::string_view kind_name() const override { return "struct"; }
  std::vector<std::pair<std::string, TValue>> fields() const override {
    return {{"Cert", TValue(GoType::String, Value(c_.cert))},
            {"Key", TValue(GoType::String, Value(c_.key))}};
  }
  Value data() const override {
    value::Map m;
    m["Cert"] = c_.cert;
    m["Key"] = c_.key;
    return Value(std::move(m));
  }

 private:
  Certificate c_;
};

TValue certificate_value(Certificate c) {
  return TValue::of(std::make_shared<const CertificateObject>(std::move(c)));
}

std::string go_value_text(const value::Value& v) {
  FmtArg arg{&v, go_type_of(v, GoType::Int64), GoType::Int64};
  return go_sprint(std::span<const FmtArg>(&arg, 1));
}

struct CertSpec {
  std::string cn;
  std::vector<std::string> ip_bytes;  // 4 or 16 bytes each
  std::vector<std::string> dns;
  std::int64_t days = 0;
  bool ca = false;
};

// parity: getNetIPs / getAlternateDNSStrs.
void read_sans(CertSpec& spec, const Value& ips, const Value& dns) {
  if (ips.is_list()) {
    for (const Value& ip : ips.as_list()) {
      if (!ip.is_string())
        throw Error("error parsing ip: " + go_value_text(ip) + " is not a string");
      unsigned char buf[16];
      const std::string& s = ip.as_string();
      if (inet_pton(AF_INET, s.c_str(), buf) == 1) {
        spec.ip_bytes.emplace_back(reinterpret_cast<char*>(buf), 4);
      } else if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
        static constexpr unsigned char kV4Prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(buf, kV4Prefix, 12) == 0) {
          spec.ip_bytes.emplace_back(reinterpret_cast<char*>(buf + 12), 4);
        } else {
          spec.ip_bytes.emplace_back(reinterpret_cast<char*>(buf), 16);
        }
      } else {
        throw Error("error parsing ip: " + s);
      }
    }
  }
  if (dns.is_list()) {
    for (const Value& d : dns.as_list()) {
      if (!d.is_string())
        throw Error("error processing alternate dns name: " + go_value_text(d) +
                    " is not a string");
      spec.dns.push_back(d.as_string());
    }
  }
}

void add_ext(X509* x, int nid, bool critical, ASN1_OCTET_STRING* der_value) {
  X509_EXTENSION* ext = X509_EXTENSION_create_by_NID(nullptr, nid, critical ? 1 : 0, der_value);
  if (!ext || X509_add_ext(x, ext, -1) != 1) throw openssl_error("certificate extension");
  X509_EXTENSION_free(ext);
}

void add_conf_ext(X509* x, X509V3_CTX* ctx, int nid, const char* text) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, text);
  if (!ext || X509_add_ext(x, ext, -1) != 1) throw openssl_error("certificate extension");
  X509_EXTENSION_free(ext);
}

// Go's subject key identifier for CA certificates: SHA-1 of the public key bits before
// Go 1.25 (helm 3.17.3), the first 160 bits of SHA-256 since (RFC 7093; helm 4.1.4).
std::string subject_key_id(X509* x, bool sha1) {
  ASN1_BIT_STRING* bits = X509_get0_pubkey_bitstr(x);
  unsigned char md[SHA256_DIGEST_LENGTH];
  if (sha1) {
    SHA1(bits->data, static_cast<std::size_t>(bits->length), md);
  } else {
    SHA256(bits->data, static_cast<std::size_t>(bits->length), md);
  }
  return std::string(reinterpret_cast<char*>(md), 20);
}

// parity: getBaseCertTemplate + x509.CreateCertificate + getCertAndKey.
Certificate make_certificate(const CertSpec& spec, EVP_PKEY* key, X509* parent, EVP_PKEY* signer,
                             const Options& options) {
  X509Ptr x(X509_new());
  X509_set_version(x.get(), 2);
  // Serial: uniform in [0, 2^128).
  std::string serial = random_bytes(16);
  Bn sn(BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()), 16, nullptr));
  BN_to_ASN1_INTEGER(sn.get(), X509_get_serialNumber(x.get()));
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(spec.cn.data()),
                             static_cast<int>(spec.cn.size()), -1, 0);
  X509_set_issuer_name(x.get(), parent ? X509_get_subject_name(parent) : name);
  std::time_t now = std::time(nullptr);
  X509_time_adj_ex(X509_getm_notBefore(x.get()), 0, 0, &now);
  // Go adds days*24h to now; X509_time_adj_ex takes days and seconds.
  X509_time_adj_ex(X509_getm_notAfter(x.get()), static_cast<int>(spec.days), 0, &now);
  X509_set_pubkey(x.get(), key);

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, parent ? parent : x.get(), x.get(), nullptr, nullptr, 0);
  add_conf_ext(x.get(), &ctx, NID_key_usage,
               spec.ca ? "critical,digitalSignature,keyEncipherment,keyCertSign"
                       : "critical,digitalSignature,keyEncipherment");
  add_conf_ext(x.get(), &ctx, NID_ext_key_usage, "serverAuth,clientAuth");
  add_conf_ext(x.get(), &ctx, NID_basic_constraints,
               spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  auto octets = [](const std::string& bytes) {
    ASN1_OCTET_STRING* os = ASN1_OCTET_STRING_new();
    ASN1_OCTET_STRING_set(os, reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
    return os;
  };
  if (spec.ca) {
    ASN1_OCTET_STRING* skid = octets(subject_key_id(x.get(), options.helm3));
    unsigned char* der = nullptr;
    int n = i2d_ASN1_OCTET_STRING(skid, &der);
    ASN1_OCTET_STRING_free(skid);
    std::string encoded(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
    ASN1_OCTET_STRING* value = octets(encoded);
    add_ext(x.get(), NID_subject_key_identifier, false, value);
    ASN1_OCTET_STRING_free(value);
  }
  if (parent && X509_get0_subject_key_id(parent)) {
    add_conf_ext(x.get(), &ctx, NID_authority_key_identifier, "keyid:always");
  }
  if (!spec.dns.empty() || !spec.ip_bytes.empty()) {
    GENERAL_NAMES* names = sk_GENERAL_NAME_new_null();
    for (const std::string& d : spec.dns) {
      GENERAL_NAME* g = GENERAL_NAME_new();
      ASN1_IA5STRING* s = ASN1_IA5STRING_new();
      ASN1_STRING_set(s, d.data(), static_cast<int>(d.size()));
      GENERAL_NAME_set0_value(g, GEN_DNS, s);
      sk_GENERAL_NAME_push(names, g);
    }
    for (const std::string& ip : spec.ip_bytes) {
      GENERAL_NAME* g = GENERAL_NAME_new();
      GENERAL_NAME_set0_value(g, GEN_IPADD, octets(ip));
      sk_GENERAL_NAME_push(names, g);
    }
    X509_add1_ext_i2d(x.get(), NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT);
    GENERAL_NAMES_free(names);
  }
  int signer_id = EVP_PKEY_get_base_id(signer);
  const EVP_MD* md = signer_id == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
  if (X509_sign(x.get(), signer, md) <= 0) throw openssl_error("error creating certificate: x509");
  Bio bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(bio.get(), x.get());
  return Certificate{bio_string(bio.get()), key_pem(key)};
}

CertSpec spec_of(std::span<const TValue> a, bool with_sans) {
  CertSpec spec;
  spec.cn = a[0].value().as_string();
  if (with_sans) {
    read_sans(spec, a[1].value(), a[2].value());
    spec.days = a[3].value().as_int();
  } else {
    spec.days = a[1].value().as_int();
  }
  return spec;
}

PKey key_arg(const TValue& v) {
  try {
    return parse_private_key(v.value().as_string());
  } catch (const Error& e) {
    throw Error(std::string("parsing private key: ") + e.what());
  }
}

const Certificate& certificate_arg(const TValue& v) {
  const auto* c = dynamic_cast<const CertificateObject*>(v.unboxed().object());
  if (!c) {
    throw Error("wrong type for value; expected sprig.certificate; got " +
                std::string(v.type_name()));
  }
  return c->certificate();
}

TValue signed_cert(std::span<const TValue> a, EVP_PKEY* key, const Options& options) {
  CertSpec spec = spec_of(a, true);
  const Certificate& ca = certificate_arg(a[4]);
  Bio bio(BIO_new_mem_buf(ca.cert.data(), static_cast<int>(ca.cert.size())));
  X509Ptr parent(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!parent) {
    ERR_clear_error();
    throw Error("unable to decode certificate");
  }
  PKey signer;
  try {
    signer = parse_private_key(ca.key);
  } catch (const Error& e) {
    throw Error(std::string("error parsing private key: ") + e.what());
  }
  return certificate_value(make_certificate(spec, key, parent.get(), signer.get(), options));
}

TValue str(std::string s) { return TValue(GoType::String, Value(std::move(s))); }

}  // namespace

void add_crypto(Funcs& funcs, const Options& options) {
  funcs.add("bcrypt", {{Param::String}}, [](Call&, std::span<const TValue> a) {
    return str(bcrypt_string(a[0].value().as_string()));
  });
  funcs.add("htpasswd", {{Param::String, Param::String}}, [](Call&, std::span<const TValue> a) {
    const std::string& user = a[0].value().as_string();
    if (user.find(':') != std::string::npos) return str("invalid username: " + user);
    return str(user + ":" + bcrypt_string(a[1].value().as_string()));
  });
  funcs.add("derivePassword",
            {{Param::Int64, Param::String, Param::String, Param::String, Param::String}},
            [](Call&, std::span<const TValue> a) {
              // TODO(uint32): Go's uint32 parameter; values are truncated as Go's conversion would.
              return str(derive_password(static_cast<std::uint32_t>(a[0].value().as_int()),
                                         a[1].value().as_string(), a[2].value().as_string(),
                                         a[3].value().as_string(), a[4].value().as_string()));
            });
  funcs.add("genPrivateKey", {{Param::String}}, [](Call&, std::span<const TValue> a) {
    return str(generate_private_key(a[0].value().as_string()));
  });
  funcs.add(
      "buildCustomCert", {{Param::String, Param::String}}, [](Call&, std::span<const TValue> a) {
        std::string cert, key;
        try {
          cert = base64_decode(a[0].value().as_string());
        } catch (const Error&) {
          throw Error("unable to decode base64 certificate");
        }
        try {
          key = base64_decode(a[1].value().as_string());
        } catch (const Error&) {
          throw Error("unable to decode base64 private key");
        }
        Bio bio(BIO_new_mem_buf(cert.data(), static_cast<int>(cert.size())));
        X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!x) {
          ERR_clear_error();
          if (cert.find("-----BEGIN ") == std::string::npos)
            throw Error("unable to decode certificate");
          throw Error("error parsing certificate: decodedCert.Bytes: x509: malformed certificate");
        }
        try {
          parse_private_key(key);
        } catch (const Error& e) {
          throw Error(std::string("error parsing private key: ") + e.what());
        }
        return certificate_value(Certificate{cert, key});
      });
  funcs.add("genCA", {{Param::String, Param::Int}}, [options](Call&, std::span<const TValue> a) {
    CertSpec spec = spec_of(a, false);
    spec.ca = true;
    PKey key = rsa_key(2048);
    return certificate_value(make_certificate(spec, key.get(), nullptr, key.get(), options));
  });
  funcs.add(
      "genCAWithKey", {{Param::String, Param::Int, Param::String}},
      [options](Call&, std::span<const TValue> a) {
        CertSpec spec = spec_of(a, false);
        spec.ca = true;
        PKey key = key_arg(a[2]);
        return certificate_value(make_certificate(spec, key.get(), nullptr, key.get(), options));
      });
  funcs.add(
      "genSelfSignedCert", {{Param::String, Param::List, Param::List, Param::Int}},
      [options](Call&, std::span<const TValue> a) {
        CertSpec spec = spec_of(a, true);
        PKey key = rsa_key(2048);
        return certificate_value(make_certificate(spec, key.get(), nullptr, key.get(), options));
      });
  funcs.add(
      "genSelfSignedCertWithKey",
      {{Param::String, Param::List, Param::List, Param::Int, Param::String}},
      [options](Call&, std::span<const TValue> a) {
        CertSpec spec = spec_of(a, true);
        PKey key = key_arg(a[4]);
        return certificate_value(make_certificate(spec, key.get(), nullptr, key.get(), options));
      });
  funcs.add("genSignedCert", {{Param::String, Param::List, Param::List, Param::Int, Param::Any}},
            [options](Call&, std::span<const TValue> a) {
              PKey key = rsa_key(2048);
              return signed_cert(a, key.get(), options);
            });
  funcs.add("genSignedCertWithKey",
            {{Param::String, Param::List, Param::List, Param::Int, Param::Any, Param::String}},
            [options](Call&, std::span<const TValue> a) {
              PKey key = key_arg(a[5]);
              return signed_cert(a, key.get(), options);
            });
  funcs.add("encryptAES", {{Param::String, Param::String}}, [](Call&, std::span<const TValue> a) {
    return str(encrypt_aes(a[0].value().as_string(), a[1].value().as_string()));
  });
  funcs.add("decryptAES", {{Param::String, Param::String}}, [](Call&, std::span<const TValue> a) {
    return str(decrypt_aes(a[0].value().as_string(), a[1].value().as_string()));
  });
}

/// For tests: bcrypt with a chosen salt and cost.
std::string bcrypt_with_salt(const std::string& password, const std::string& salt, int cost) {
  return bcrypt_hash(password, salt, cost);
}

}  // namespace primer::tmpl::sprig
