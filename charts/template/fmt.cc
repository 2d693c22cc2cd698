#include "charts/template/fmt.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "base/error.h"
#include "base/utf8.h"
#include "charts/template/tvalue.h"

namespace primer::tmpl {
namespace {

using value::Kind;
using value::Value;

constexpr char kLowerDigits[] = "0123456789abcdefx";
constexpr char kUpperDigits[] = "0123456789ABCDEFX";

// ---- Unicode ------------------------------------------------------------------------------

struct RuneRange {
  char32_t lo;
  char32_t hi;
};

// parity: strconv.IsPrint as Go 1.21 to 1.25 (the oracles' toolchains) define it: the runes of
// categories L, M, N, P and S in Unicode 15.0.0, plus U+0020. Generated from the Unicode
// character database; the oracles' %q output was checked on its edges.
constexpr RuneRange kPrintable[] = {
    {0x20, 0x7E},       {0xA1, 0xAC},       {0xAE, 0x377},      {0x37A, 0x37F},
    {0x384, 0x38A},     {0x38C, 0x38C},     {0x38E, 0x3A1},     {0x3A3, 0x52F},
    {0x531, 0x556},     {0x559, 0x58A},     {0x58D, 0x58F},     {0x591, 0x5C7},
    {0x5D0, 0x5EA},     {0x5EF, 0x5F4},     {0x606, 0x61B},     {0x61D, 0x6DC},
    {0x6DE, 0x70D},     {0x710, 0x74A},     {0x74D, 0x7B1},     {0x7C0, 0x7FA},
    {0x7FD, 0x82D},     {0x830, 0x83E},     {0x840, 0x85B},     {0x85E, 0x85E},
    {0x860, 0x86A},     {0x870, 0x88E},     {0x898, 0x8E1},     {0x8E3, 0x983},
    {0x985, 0x98C},     {0x98F, 0x990},     {0x993, 0x9A8},     {0x9AA, 0x9B0},
    {0x9B2, 0x9B2},     {0x9B6, 0x9B9},     {0x9BC, 0x9C4},     {0x9C7, 0x9C8},
    {0x9CB, 0x9CE},     {0x9D7, 0x9D7},     {0x9DC, 0x9DD},     {0x9DF, 0x9E3},
    {0x9E6, 0x9FE},     {0xA01, 0xA03},     {0xA05, 0xA0A},     {0xA0F, 0xA10},
    {0xA13, 0xA28},     {0xA2A, 0xA30},     {0xA32, 0xA33},     {0xA35, 0xA36},
    {0xA38, 0xA39},     {0xA3C, 0xA3C},     {0xA3E, 0xA42},     {0xA47, 0xA48},
    {0xA4B, 0xA4D},     {0xA51, 0xA51},     {0xA59, 0xA5C},     {0xA5E, 0xA5E},
    {0xA66, 0xA76},     {0xA81, 0xA83},     {0xA85, 0xA8D},     {0xA8F, 0xA91},
    {0xA93, 0xAA8},     {0xAAA, 0xAB0},     {0xAB2, 0xAB3},     {0xAB5, 0xAB9},
    {0xABC, 0xAC5},     {0xAC7, 0xAC9},     {0xACB, 0xACD},     {0xAD0, 0xAD0},
    {0xAE0, 0xAE3},     {0xAE6, 0xAF1},     {0xAF9, 0xAFF},     {0xB01, 0xB03},
    {0xB05, 0xB0C},     {0xB0F, 0xB10},     {0xB13, 0xB28},     {0xB2A, 0xB30},
    {0xB32, 0xB33},     {0xB35, 0xB39},     {0xB3C, 0xB44},     {0xB47, 0xB48},
    {0xB4B, 0xB4D},     {0xB55, 0xB57},     {0xB5C, 0xB5D},     {0xB5F, 0xB63},
    {0xB66, 0xB77},     {0xB82, 0xB83},     {0xB85, 0xB8A},     {0xB8E, 0xB90},
    {0xB92, 0xB95},     {0xB99, 0xB9A},     {0xB9C, 0xB9C},     {0xB9E, 0xB9F},
    {0xBA3, 0xBA4},     {0xBA8, 0xBAA},     {0xBAE, 0xBB9},     {0xBBE, 0xBC2},
    {0xBC6, 0xBC8},     {0xBCA, 0xBCD},     {0xBD0, 0xBD0},     {0xBD7, 0xBD7},
    {0xBE6, 0xBFA},     {0xC00, 0xC0C},     {0xC0E, 0xC10},     {0xC12, 0xC28},
    {0xC2A, 0xC39},     {0xC3C, 0xC44},     {0xC46, 0xC48},     {0xC4A, 0xC4D},
    {0xC55, 0xC56},     {0xC58, 0xC5A},     {0xC5D, 0xC5D},     {0xC60, 0xC63},
    {0xC66, 0xC6F},     {0xC77, 0xC8C},     {0xC8E, 0xC90},     {0xC92, 0xCA8},
    {0xCAA, 0xCB3},     {0xCB5, 0xCB9},     {0xCBC, 0xCC4},     {0xCC6, 0xCC8},
    {0xCCA, 0xCCD},     {0xCD5, 0xCD6},     {0xCDD, 0xCDE},     {0xCE0, 0xCE3},
    {0xCE6, 0xCEF},     {0xCF1, 0xCF3},     {0xD00, 0xD0C},     {0xD0E, 0xD10},
    {0xD12, 0xD44},     {0xD46, 0xD48},     {0xD4A, 0xD4F},     {0xD54, 0xD63},
    {0xD66, 0xD7F},     {0xD81, 0xD83},     {0xD85, 0xD96},     {0xD9A, 0xDB1},
    {0xDB3, 0xDBB},     {0xDBD, 0xDBD},     {0xDC0, 0xDC6},     {0xDCA, 0xDCA},
    {0xDCF, 0xDD4},     {0xDD6, 0xDD6},     {0xDD8, 0xDDF},     {0xDE6, 0xDEF},
    {0xDF2, 0xDF4},     {0xE01, 0xE3A},     {0xE3F, 0xE5B},     {0xE81, 0xE82},
    {0xE84, 0xE84},     {0xE86, 0xE8A},     {0xE8C, 0xEA3},     {0xEA5, 0xEA5},
    {0xEA7, 0xEBD},     {0xEC0, 0xEC4},     {0xEC6, 0xEC6},     {0xEC8, 0xECE},
    {0xED0, 0xED9},     {0xEDC, 0xEDF},     {0xF00, 0xF47},     {0xF49, 0xF6C},
    {0xF71, 0xF97},     {0xF99, 0xFBC},     {0xFBE, 0xFCC},     {0xFCE, 0xFDA},
    {0x1000, 0x10C5},   {0x10C7, 0x10C7},   {0x10CD, 0x10CD},   {0x10D0, 0x1248},
    {0x124A, 0x124D},   {0x1250, 0x1256},   {0x1258, 0x1258},   {0x125A, 0x125D},
    {0x1260, 0x1288},   {0x128A, 0x128D},   {0x1290, 0x12B0},   {0x12B2, 0x12B5},
    {0x12B8, 0x12BE},   {0x12C0, 0x12C0},   {0x12C2, 0x12C5},   {0x12C8, 0x12D6},
    {0x12D8, 0x1310},   {0x1312, 0x1315},   {0x1318, 0x135A},   {0x135D, 0x137C},
    {0x1380, 0x1399},   {0x13A0, 0x13F5},   {0x13F8, 0x13FD},   {0x1400, 0x167F},
    {0x1681, 0x169C},   {0x16A0, 0x16F8},   {0x1700, 0x1715},   {0x171F, 0x1736},
    {0x1740, 0x1753},   {0x1760, 0x176C},   {0x176E, 0x1770},   {0x1772, 0x1773},
    {0x1780, 0x17DD},   {0x17E0, 0x17E9},   {0x17F0, 0x17F9},   {0x1800, 0x180D},
    {0x180F, 0x1819},   {0x1820, 0x1878},   {0x1880, 0x18AA},   {0x18B0, 0x18F5},
    {0x1900, 0x191E},   {0x1920, 0x192B},   {0x1930, 0x193B},   {0x1940, 0x1940},
    {0x1944, 0x196D},   {0x1970, 0x1974},   {0x1980, 0x19AB},   {0x19B0, 0x19C9},
    {0x19D0, 0x19DA},   {0x19DE, 0x1A1B},   {0x1A1E, 0x1A5E},   {0x1A60, 0x1A7C},
    {0x1A7F, 0x1A89},   {0x1A90, 0x1A99},   {0x1AA0, 0x1AAD},   {0x1AB0, 0x1ACE},
    {0x1B00, 0x1B4C},   {0x1B50, 0x1B7E},   {0x1B80, 0x1BF3},   {0x1BFC, 0x1C37},
    {0x1C3B, 0x1C49},   {0x1C4D, 0x1C88},   {0x1C90, 0x1CBA},   {0x1CBD, 0x1CC7},
    {0x1CD0, 0x1CFA},   {0x1D00, 0x1F15},   {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D},   {0x1F50, 0x1F57},   {0x1F59, 0x1F59},   {0x1F5B, 0x1F5B},
    {0x1F5D, 0x1F5D},   {0x1F5F, 0x1F7D},   {0x1F80, 0x1FB4},   {0x1FB6, 0x1FC4},
    {0x1FC6, 0x1FD3},   {0x1FD6, 0x1FDB},   {0x1FDD, 0x1FEF},   {0x1FF2, 0x1FF4},
    {0x1FF6, 0x1FFE},   {0x2010, 0x2027},   {0x2030, 0x205E},   {0x2070, 0x2071},
    {0x2074, 0x208E},   {0x2090, 0x209C},   {0x20A0, 0x20C0},   {0x20D0, 0x20F0},
    {0x2100, 0x218B},   {0x2190, 0x2426},   {0x2440, 0x244A},   {0x2460, 0x2B73},
    {0x2B76, 0x2B95},   {0x2B97, 0x2CF3},   {0x2CF9, 0x2D25},   {0x2D27, 0x2D27},
    {0x2D2D, 0x2D2D},   {0x2D30, 0x2D67},   {0x2D6F, 0x2D70},   {0x2D7F, 0x2D96},
    {0x2DA0, 0x2DA6},   {0x2DA8, 0x2DAE},   {0x2DB0, 0x2DB6},   {0x2DB8, 0x2DBE},
    {0x2DC0, 0x2DC6},   {0x2DC8, 0x2DCE},   {0x2DD0, 0x2DD6},   {0x2DD8, 0x2DDE},
    {0x2DE0, 0x2E5D},   {0x2E80, 0x2E99},   {0x2E9B, 0x2EF3},   {0x2F00, 0x2FD5},
    {0x2FF0, 0x2FFB},   {0x3001, 0x303F},   {0x3041, 0x3096},   {0x3099, 0x30FF},
    {0x3105, 0x312F},   {0x3131, 0x318E},   {0x3190, 0x31E3},   {0x31F0, 0x321E},
    {0x3220, 0xA48C},   {0xA490, 0xA4C6},   {0xA4D0, 0xA62B},   {0xA640, 0xA6F7},
    {0xA700, 0xA7CA},   {0xA7D0, 0xA7D1},   {0xA7D3, 0xA7D3},   {0xA7D5, 0xA7D9},
    {0xA7F2, 0xA82C},   {0xA830, 0xA839},   {0xA840, 0xA877},   {0xA880, 0xA8C5},
    {0xA8CE, 0xA8D9},   {0xA8E0, 0xA953},   {0xA95F, 0xA97C},   {0xA980, 0xA9CD},
    {0xA9CF, 0xA9D9},   {0xA9DE, 0xA9FE},   {0xAA00, 0xAA36},   {0xAA40, 0xAA4D},
    {0xAA50, 0xAA59},   {0xAA5C, 0xAAC2},   {0xAADB, 0xAAF6},   {0xAB01, 0xAB06},
    {0xAB09, 0xAB0E},   {0xAB11, 0xAB16},   {0xAB20, 0xAB26},   {0xAB28, 0xAB2E},
    {0xAB30, 0xAB6B},   {0xAB70, 0xABED},   {0xABF0, 0xABF9},   {0xAC00, 0xD7A3},
    {0xD7B0, 0xD7C6},   {0xD7CB, 0xD7FB},   {0xF900, 0xFA6D},   {0xFA70, 0xFAD9},
    {0xFB00, 0xFB06},   {0xFB13, 0xFB17},   {0xFB1D, 0xFB36},   {0xFB38, 0xFB3C},
    {0xFB3E, 0xFB3E},   {0xFB40, 0xFB41},   {0xFB43, 0xFB44},   {0xFB46, 0xFBC2},
    {0xFBD3, 0xFD8F},   {0xFD92, 0xFDC7},   {0xFDCF, 0xFDCF},   {0xFDF0, 0xFE19},
    {0xFE20, 0xFE52},   {0xFE54, 0xFE66},   {0xFE68, 0xFE6B},   {0xFE70, 0xFE74},
    {0xFE76, 0xFEFC},   {0xFF01, 0xFFBE},   {0xFFC2, 0xFFC7},   {0xFFCA, 0xFFCF},
    {0xFFD2, 0xFFD7},   {0xFFDA, 0xFFDC},   {0xFFE0, 0xFFE6},   {0xFFE8, 0xFFEE},
    {0xFFFC, 0xFFFD},   {0x10000, 0x1000B}, {0x1000D, 0x10026}, {0x10028, 0x1003A},
    {0x1003C, 0x1003D}, {0x1003F, 0x1004D}, {0x10050, 0x1005D}, {0x10080, 0x100FA},
    {0x10100, 0x10102}, {0x10107, 0x10133}, {0x10137, 0x1018E}, {0x10190, 0x1019C},
    {0x101A0, 0x101A0}, {0x101D0, 0x101FD}, {0x10280, 0x1029C}, {0x102A0, 0x102D0},
    {0x102E0, 0x102FB}, {0x10300, 0x10323}, {0x1032D, 0x1034A}, {0x10350, 0x1037A},
    {0x10380, 0x1039D}, {0x1039F, 0x103C3}, {0x103C8, 0x103D5}, {0x10400, 0x1049D},
    {0x104A0, 0x104A9}, {0x104B0, 0x104D3}, {0x104D8, 0x104FB}, {0x10500, 0x10527},
    {0x10530, 0x10563}, {0x1056F, 0x1057A}, {0x1057C, 0x1058A}, {0x1058C, 0x10592},
    {0x10594, 0x10595}, {0x10597, 0x105A1}, {0x105A3, 0x105B1}, {0x105B3, 0x105B9},
    {0x105BB, 0x105BC}, {0x10600, 0x10736}, {0x10740, 0x10755}, {0x10760, 0x10767},
    {0x10780, 0x10785}, {0x10787, 0x107B0}, {0x107B2, 0x107BA}, {0x10800, 0x10805},
    {0x10808, 0x10808}, {0x1080A, 0x10835}, {0x10837, 0x10838}, {0x1083C, 0x1083C},
    {0x1083F, 0x10855}, {0x10857, 0x1089E}, {0x108A7, 0x108AF}, {0x108E0, 0x108F2},
    {0x108F4, 0x108F5}, {0x108FB, 0x1091B}, {0x1091F, 0x10939}, {0x1093F, 0x1093F},
    {0x10980, 0x109B7}, {0x109BC, 0x109CF}, {0x109D2, 0x10A03}, {0x10A05, 0x10A06},
    {0x10A0C, 0x10A13}, {0x10A15, 0x10A17}, {0x10A19, 0x10A35}, {0x10A38, 0x10A3A},
    {0x10A3F, 0x10A48}, {0x10A50, 0x10A58}, {0x10A60, 0x10A9F}, {0x10AC0, 0x10AE6},
    {0x10AEB, 0x10AF6}, {0x10B00, 0x10B35}, {0x10B39, 0x10B55}, {0x10B58, 0x10B72},
    {0x10B78, 0x10B91}, {0x10B99, 0x10B9C}, {0x10BA9, 0x10BAF}, {0x10C00, 0x10C48},
    {0x10C80, 0x10CB2}, {0x10CC0, 0x10CF2}, {0x10CFA, 0x10D27}, {0x10D30, 0x10D39},
    {0x10E60, 0x10E7E}, {0x10E80, 0x10EA9}, {0x10EAB, 0x10EAD}, {0x10EB0, 0x10EB1},
    {0x10EFD, 0x10F27}, {0x10F30, 0x10F59}, {0x10F70, 0x10F89}, {0x10FB0, 0x10FCB},
    {0x10FE0, 0x10FF6}, {0x11000, 0x1104D}, {0x11052, 0x11075}, {0x1107F, 0x110BC},
    {0x110BE, 0x110C2}, {0x110D0, 0x110E8}, {0x110F0, 0x110F9}, {0x11100, 0x11134},
    {0x11136, 0x11147}, {0x11150, 0x11176}, {0x11180, 0x111DF}, {0x111E1, 0x111F4},
    {0x11200, 0x11211}, {0x11213, 0x11241}, {0x11280, 0x11286}, {0x11288, 0x11288},
    {0x1128A, 0x1128D}, {0x1128F, 0x1129D}, {0x1129F, 0x112A9}, {0x112B0, 0x112EA},
    {0x112F0, 0x112F9}, {0x11300, 0x11303}, {0x11305, 0x1130C}, {0x1130F, 0x11310},
    {0x11313, 0x11328}, {0x1132A, 0x11330}, {0x11332, 0x11333}, {0x11335, 0x11339},
    {0x1133B, 0x11344}, {0x11347, 0x11348}, {0x1134B, 0x1134D}, {0x11350, 0x11350},
    {0x11357, 0x11357}, {0x1135D, 0x11363}, {0x11366, 0x1136C}, {0x11370, 0x11374},
    {0x11400, 0x1145B}, {0x1145D, 0x11461}, {0x11480, 0x114C7}, {0x114D0, 0x114D9},
    {0x11580, 0x115B5}, {0x115B8, 0x115DD}, {0x11600, 0x11644}, {0x11650, 0x11659},
    {0x11660, 0x1166C}, {0x11680, 0x116B9}, {0x116C0, 0x116C9}, {0x11700, 0x1171A},
    {0x1171D, 0x1172B}, {0x11730, 0x11746}, {0x11800, 0x1183B}, {0x118A0, 0x118F2},
    {0x118FF, 0x11906}, {0x11909, 0x11909}, {0x1190C, 0x11913}, {0x11915, 0x11916},
    {0x11918, 0x11935}, {0x11937, 0x11938}, {0x1193B, 0x11946}, {0x11950, 0x11959},
    {0x119A0, 0x119A7}, {0x119AA, 0x119D7}, {0x119DA, 0x119E4}, {0x11A00, 0x11A47},
    {0x11A50, 0x11AA2}, {0x11AB0, 0x11AF8}, {0x11B00, 0x11B09}, {0x11C00, 0x11C08},
    {0x11C0A, 0x11C36}, {0x11C38, 0x11C45}, {0x11C50, 0x11C6C}, {0x11C70, 0x11C8F},
    {0x11C92, 0x11CA7}, {0x11CA9, 0x11CB6}, {0x11D00, 0x11D06}, {0x11D08, 0x11D09},
    {0x11D0B, 0x11D36}, {0x11D3A, 0x11D3A}, {0x11D3C, 0x11D3D}, {0x11D3F, 0x11D47},
    {0x11D50, 0x11D59}, {0x11D60, 0x11D65}, {0x11D67, 0x11D68}, {0x11D6A, 0x11D8E},
    {0x11D90, 0x11D91}, {0x11D93, 0x11D98}, {0x11DA0, 0x11DA9}, {0x11EE0, 0x11EF8},
    {0x11F00, 0x11F10}, {0x11F12, 0x11F3A}, {0x11F3E, 0x11F59}, {0x11FB0, 0x11FB0},
    {0x11FC0, 0x11FF1}, {0x11FFF, 0x12399}, {0x12400, 0x1246E}, {0x12470, 0x12474},
    {0x12480, 0x12543}, {0x12F90, 0x12FF2}, {0x13000, 0x1342F}, {0x13440, 0x13455},
    {0x14400, 0x14646}, {0x16800, 0x16A38}, {0x16A40, 0x16A5E}, {0x16A60, 0x16A69},
    {0x16A6E, 0x16ABE}, {0x16AC0, 0x16AC9}, {0x16AD0, 0x16AED}, {0x16AF0, 0x16AF5},
    {0x16B00, 0x16B45}, {0x16B50, 0x16B59}, {0x16B5B, 0x16B61}, {0x16B63, 0x16B77},
    {0x16B7D, 0x16B8F}, {0x16E40, 0x16E9A}, {0x16F00, 0x16F4A}, {0x16F4F, 0x16F87},
    {0x16F8F, 0x16F9F}, {0x16FE0, 0x16FE4}, {0x16FF0, 0x16FF1}, {0x17000, 0x187F7},
    {0x18800, 0x18CD5}, {0x18D00, 0x18D08}, {0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB},
    {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122}, {0x1B132, 0x1B132}, {0x1B150, 0x1B152},
    {0x1B155, 0x1B155}, {0x1B164, 0x1B167}, {0x1B170, 0x1B2FB}, {0x1BC00, 0x1BC6A},
    {0x1BC70, 0x1BC7C}, {0x1BC80, 0x1BC88}, {0x1BC90, 0x1BC99}, {0x1BC9C, 0x1BC9F},
    {0x1CF00, 0x1CF2D}, {0x1CF30, 0x1CF46}, {0x1CF50, 0x1CFC3}, {0x1D000, 0x1D0F5},
    {0x1D100, 0x1D126}, {0x1D129, 0x1D172}, {0x1D17B, 0x1D1EA}, {0x1D200, 0x1D245},
    {0x1D2C0, 0x1D2D3}, {0x1D2E0, 0x1D2F3}, {0x1D300, 0x1D356}, {0x1D360, 0x1D378},
    {0x1D400, 0x1D454}, {0x1D456, 0x1D49C}, {0x1D49E, 0x1D49F}, {0x1D4A2, 0x1D4A2},
    {0x1D4A5, 0x1D4A6}, {0x1D4A9, 0x1D4AC}, {0x1D4AE, 0x1D4B9}, {0x1D4BB, 0x1D4BB},
    {0x1D4BD, 0x1D4C3}, {0x1D4C5, 0x1D505}, {0x1D507, 0x1D50A}, {0x1D50D, 0x1D514},
    {0x1D516, 0x1D51C}, {0x1D51E, 0x1D539}, {0x1D53B, 0x1D53E}, {0x1D540, 0x1D544},
    {0x1D546, 0x1D546}, {0x1D54A, 0x1D550}, {0x1D552, 0x1D6A5}, {0x1D6A8, 0x1D7CB},
    {0x1D7CE, 0x1DA8B}, {0x1DA9B, 0x1DA9F}, {0x1DAA1, 0x1DAAF}, {0x1DF00, 0x1DF1E},
    {0x1DF25, 0x1DF2A}, {0x1E000, 0x1E006}, {0x1E008, 0x1E018}, {0x1E01B, 0x1E021},
    {0x1E023, 0x1E024}, {0x1E026, 0x1E02A}, {0x1E030, 0x1E06D}, {0x1E08F, 0x1E08F},
    {0x1E100, 0x1E12C}, {0x1E130, 0x1E13D}, {0x1E140, 0x1E149}, {0x1E14E, 0x1E14F},
    {0x1E290, 0x1E2AE}, {0x1E2C0, 0x1E2F9}, {0x1E2FF, 0x1E2FF}, {0x1E4D0, 0x1E4F9},
    {0x1E7E0, 0x1E7E6}, {0x1E7E8, 0x1E7EB}, {0x1E7ED, 0x1E7EE}, {0x1E7F0, 0x1E7FE},
    {0x1E800, 0x1E8C4}, {0x1E8C7, 0x1E8D6}, {0x1E900, 0x1E94B}, {0x1E950, 0x1E959},
    {0x1E95E, 0x1E95F}, {0x1EC71, 0x1ECB4}, {0x1ED01, 0x1ED3D}, {0x1EE00, 0x1EE03},
    {0x1EE05, 0x1EE1F}, {0x1EE21, 0x1EE22}, {0x1EE24, 0x1EE24}, {0x1EE27, 0x1EE27},
    {0x1EE29, 0x1EE32}, {0x1EE34, 0x1EE37}, {0x1EE39, 0x1EE39}, {0x1EE3B, 0x1EE3B},
    {0x1EE42, 0x1EE42}, {0x1EE47, 0x1EE47}, {0x1EE49, 0x1EE49}, {0x1EE4B, 0x1EE4B},
    {0x1EE4D, 0x1EE4F}, {0x1EE51, 0x1EE52}, {0x1EE54, 0x1EE54}, {0x1EE57, 0x1EE57},
    {0x1EE59, 0x1EE59}, {0x1EE5B, 0x1EE5B}, {0x1EE5D, 0x1EE5D}, {0x1EE5F, 0x1EE5F},
    {0x1EE61, 0x1EE62}, {0x1EE64, 0x1EE64}, {0x1EE67, 0x1EE6A}, {0x1EE6C, 0x1EE72},
    {0x1EE74, 0x1EE77}, {0x1EE79, 0x1EE7C}, {0x1EE7E, 0x1EE7E}, {0x1EE80, 0x1EE89},
    {0x1EE8B, 0x1EE9B}, {0x1EEA1, 0x1EEA3}, {0x1EEA5, 0x1EEA9}, {0x1EEAB, 0x1EEBB},
    {0x1EEF0, 0x1EEF1}, {0x1F000, 0x1F02B}, {0x1F030, 0x1F093}, {0x1F0A0, 0x1F0AE},
    {0x1F0B1, 0x1F0BF}, {0x1F0C1, 0x1F0CF}, {0x1F0D1, 0x1F0F5}, {0x1F100, 0x1F1AD},
    {0x1F1E6, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248}, {0x1F250, 0x1F251},
    {0x1F260, 0x1F265}, {0x1F300, 0x1F6D7}, {0x1F6DC, 0x1F6EC}, {0x1F6F0, 0x1F6FC},
    {0x1F700, 0x1F776}, {0x1F77B, 0x1F7D9}, {0x1F7E0, 0x1F7EB}, {0x1F7F0, 0x1F7F0},
    {0x1F800, 0x1F80B}, {0x1F810, 0x1F847}, {0x1F850, 0x1F859}, {0x1F860, 0x1F887},
    {0x1F890, 0x1F8AD}, {0x1F8B0, 0x1F8B1}, {0x1F900, 0x1FA53}, {0x1FA60, 0x1FA6D},
    {0x1FA70, 0x1FA7C}, {0x1FA80, 0x1FA88}, {0x1FA90, 0x1FABD}, {0x1FABF, 0x1FAC5},
    {0x1FACE, 0x1FADB}, {0x1FAE0, 0x1FAE8}, {0x1FAF0, 0x1FAF8}, {0x1FB00, 0x1FB92},
    {0x1FB94, 0x1FBCA}, {0x1FBF0, 0x1FBF9}, {0x20000, 0x2A6DF}, {0x2A700, 0x2B739},
    {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1}, {0x2CEB0, 0x2EBE0}, {0x2F800, 0x2FA1D},
    {0x30000, 0x3134A}, {0x31350, 0x323AF}, {0xE0100, 0xE01EF},
};

bool is_print(char32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  auto it = std::upper_bound(std::begin(kPrintable), std::end(kPrintable), r,
                             [](char32_t x, const RuneRange& range) { return x < range.lo; });
  return it != std::begin(kPrintable) && r <= std::prev(it)->hi;
}

std::size_t rune_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += decode_rune(s, i).width) ++n;
  return n;
}

void append_hex(std::string& out, std::uint64_t v, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out += kLowerDigits[(v >> shift) & 0xF];
}

// parity: strconv's appendEscapedRune: how Quote and QuoteRune write one rune.
void append_escaped_rune(std::string& out, char32_t r, char quote, bool ascii_only) {
  if (r == static_cast<char32_t>(quote) || r == '\\') {
    out += '\\';
    out += static_cast<char>(r);
    return;
  }
  if (ascii_only ? (r < 0x80 && is_print(r)) : is_print(r)) {
    append_rune(out, r);
    return;
  }
  switch (r) {
    case '\a':
      out += "\\a";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
    default:
      break;
  }
  if (r < ' ' || r == 0x7F) {
    out += "\\x";
    append_hex(out, r, 2);
  } else if (!is_valid_rune(r) || r < 0x10000) {
    out += "\\u";
    append_hex(out, is_valid_rune(r) ? r : kRuneError, 4);
  } else {
    out += "\\U";
    append_hex(out, r, 8);
  }
}

// parity: strconv.Quote / QuoteToASCII: bytes that are not UTF-8 become \xHH.
void append_quoted(std::string& out, std::string_view s, bool ascii_only) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    DecodedRune d = decode_rune(s, i);
    if (d.rune == kRuneError && d.width == 1) {
      out += "\\x";
      append_hex(out, static_cast<unsigned char>(s[i]), 2);
    } else {
      append_escaped_rune(out, d.rune, '"', ascii_only);
    }
    i += d.width;
  }
  out += '"';
}

// parity: strconv.CanBackquote.
bool can_backquote(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    DecodedRune d = decode_rune(s, i);
    i += d.width;
    if (d.width > 1) {
      if (d.rune == 0xFEFF) return false;
      continue;
    }
    if (d.rune == kRuneError) return false;
    if ((d.rune < ' ' && d.rune != '\t') || d.rune == '`' || d.rune == 0x7F) return false;
  }
  return true;
}

// ---- strconv float forms that value::format_float does not cover -------------------------

// parity: strconv.FormatFloat(f, 'b', -1, 64): mantissa "p" binary exponent.
std::string format_float_binary(double f) {
  std::uint64_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  bool negative = bits >> 63;
  int exp = static_cast<int>((bits >> 52) & 0x7FF);
  std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
  if (exp == 0x7FF) return value::format_float(f, 'g', -1);  // NaN and infinities
  if (exp == 0) {
    exp = 1;  // denormal
  } else {
    mant |= std::uint64_t{1} << 52;
  }
  exp += -1023 - 52;
  std::string out = negative ? "-" : "";
  out += std::to_string(mant);
  out += 'p';
  out += exp >= 0 ? "+" : "";
  out += std::to_string(exp);
  return out;
}

// parity: strconv.FormatFloat(f, 'x' or 'X', prec, 64): a normalised hexadecimal mantissa
// 1.hhh (0 for zero), rounded half to even to `prec` digits when prec >= 0, then p±dd.
std::string format_float_hex(double f, char verb, int prec) {
  std::uint64_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  bool negative = bits >> 63;
  int exp = static_cast<int>((bits >> 52) & 0x7FF);
  std::uint64_t mant = bits & ((std::uint64_t{1} << 52) - 1);
  if (exp == 0x7FF) return value::format_float(f, 'g', -1);  // NaN and infinities
  if (exp == 0) {
    exp = 1;
  } else {
    mant |= std::uint64_t{1} << 52;
  }
  exp -= 1023;
  if (mant == 0) exp = 0;
  // Put the leading 1 at bit 60, leaving room for rounding to carry into bit 61.
  constexpr std::uint64_t kOne = std::uint64_t{1} << 60;
  mant <<= 8;
  while (mant != 0 && (mant & kOne) == 0) {
    mant <<= 1;
    --exp;
  }
  if (prec >= 0 && prec < 15) {
    unsigned shift = static_cast<unsigned>(prec) * 4;
    std::uint64_t rest = (mant << shift) & (kOne - 1);
    mant >>= 60 - shift;
    if ((rest | (mant & 1)) > (kOne >> 1)) ++mant;
    mant <<= 60 - shift;
    if (mant & (kOne << 1)) {
      mant >>= 1;
      ++exp;
    }
  }
  const char* digits = verb == 'X' ? kUpperDigits : kLowerDigits;
  std::string out = negative ? "-" : "";
  out += '0';
  out += verb;
  out += static_cast<char>('0' + ((mant >> 60) & 1));
  mant <<= 4;
  if (prec < 0 && mant != 0) {
    out += '.';
    for (; mant != 0; mant <<= 4) out += digits[(mant >> 60) & 0xF];
  } else if (prec > 0) {
    out += '.';
    for (int i = 0; i < prec; ++i, mant <<= 4) out += digits[(mant >> 60) & 0xF];
  }
  out += verb == 'X' ? 'P' : 'p';
  out += exp < 0 ? '-' : '+';
  int a = exp < 0 ? -exp : exp;
  if (a < 10) out += '0';
  out += std::to_string(a);
  return out;
}

// ---- Go types -------------------------------------------------------------------------------

// GoType plus the element-only uint8 of []byte.
enum class Ty {
  NoValue,
  Nil,
  Bool,
  Int,
  Int64,
  Uint8,
  Float64,
  String,
  List,
  Map,
  StringList,
  IntList,
  Bytes,
  StringMap,
  BytesMap,
  Complex,
  Object,
};

std::string_view ty_name(Ty t) {
  switch (t) {
    case Ty::NoValue:
      return "string";
    case Ty::Nil:
      return "<nil>";
    case Ty::Bool:
      return "bool";
    case Ty::Int:
      return "int";
    case Ty::Int64:
      return "int64";
    case Ty::Uint8:
      return "uint8";
    case Ty::Float64:
      return "float64";
    case Ty::String:
      return "string";
    case Ty::List:
      return "[]interface {}";
    case Ty::Map:
      return "map[string]interface {}";
    case Ty::StringList:
      return "[]string";
    case Ty::IntList:
      return "[]int";
    case Ty::Bytes:
      return "[]uint8";
    case Ty::StringMap:
      return "map[string]string";
    case Ty::BytesMap:
      return "map[string][]uint8";
    case Ty::Complex:
      return "complex128";
    case Ty::Object:
      return "struct";
  }
  return "<nil>";
}

Ty to_ty(GoType t) {
  switch (t) {
    case GoType::Invalid:
      return Ty::NoValue;
    case GoType::Nil:
      return Ty::Nil;
    case GoType::Bool:
      return Ty::Bool;
    case GoType::Int:
      return Ty::Int;
    case GoType::Int64:
      return Ty::Int64;
    case GoType::Float64:
      return Ty::Float64;
    case GoType::String:
      return Ty::String;
    case GoType::List:
      return Ty::List;
    case GoType::Map:
      return Ty::Map;
    case GoType::StringList:
      return Ty::StringList;
    case GoType::IntList:
      return Ty::IntList;
    case GoType::Bytes:
      return Ty::Bytes;
    case GoType::StringMap:
      return Ty::StringMap;
    case GoType::BytesMap:
      return Ty::BytesMap;
    case GoType::Complex:
      return Ty::Complex;
    case GoType::Object:
      return Ty::Object;
  }
  return Ty::Nil;
}

// A value with its Go type. Elements of containers take theirs from the container. Strings are
// held in `text` (a map key has no Value), the bytes of a []byte in `byte`.
struct Typed {
  Ty type;
  const Value* value;
  Ty nested_int;
  std::string_view text = {};
  std::uint8_t byte = 0;
};

bool matches(Ty t, const Value* v) {
  switch (t) {
    case Ty::NoValue:
    case Ty::Nil:
    case Ty::Uint8:
      return true;
    case Ty::Bool:
      return v && v->is_bool();
    case Ty::Int:
    case Ty::Int64:
      return v && v->is_int();
    case Ty::Float64:
      return v && v->is_float();
    case Ty::String:
      return v && v->is_string();
    case Ty::List:
    case Ty::StringList:
    case Ty::IntList:
      return v && (v->is_list() || v->is_null());
    case Ty::Map:
    case Ty::StringMap:
    case Ty::BytesMap:
      return v && (v->is_map() || v->is_null());
    case Ty::Bytes:
      return v && (v->is_string() || v->is_null());
    case Ty::Complex:
      return v && v->is_list() && v->size() == 2 && v->as_list()[0].is_float() &&
             v->as_list()[1].is_float();
    case Ty::Object:
      return v && v->is_opaque() && dynamic_cast<const Object*>(&v->as_opaque());
  }
  return false;
}

Typed checked(Ty t, const Value* v, Ty nested_int) {
  if (!matches(t, v)) {
    throw Error("fmt: a " + std::string(ty_name(t)) + " argument holds " +
                (v ? "a " + std::string(value::go_type_name(v->kind())) + " value" : "no value"));
  }
  if (t == Ty::String) return {t, v, nested_int, v->as_string()};
  if (t == Ty::NoValue) return {t, v, nested_int, "<no value>"};
  return {t, v, nested_int};
}

Typed from_arg(const FmtArg& a) {
  Ty nested = a.nested_int == GoType::Int ? Ty::Int : Ty::Int64;
  return checked(to_ty(a.type), a.value, nested);
}

// The dynamic type of an element of a []interface{} or map[string]interface{}.
Typed element(const Value& v, Ty container, Ty nested_int) {
  switch (container) {
    case Ty::StringList:
    case Ty::StringMap:
      return checked(Ty::String, &v, nested_int);
    case Ty::IntList:
      return checked(Ty::Int, &v, nested_int);
    case Ty::BytesMap:
      return checked(Ty::Bytes, &v, nested_int);
    default:
      break;
  }
  switch (v.kind()) {
    case Kind::Null:
      return {Ty::Nil, &v, nested_int};
    case Kind::Bool:
      return {Ty::Bool, &v, nested_int};
    case Kind::Int:
      return {nested_int, &v, nested_int};
    case Kind::Float:
      return {Ty::Float64, &v, nested_int};
    case Kind::String:
      return {Ty::String, &v, nested_int, v.as_string()};
    case Kind::List:
      return {Ty::List, &v, nested_int};
    case Kind::Map:
      return {Ty::Map, &v, nested_int};
    case Kind::Opaque:
      return checked(Ty::Object, &v, nested_int);
  }
  return {Ty::Nil, &v, nested_int};
}

const Object& object_of(const Typed& x) { return dynamic_cast<const Object&>(x.value->as_opaque()); }

// The Go type name of x: an object names its own.
std::string_view type_of(const Typed& x) {
  return x.type == Ty::Object ? object_of(x).type_name() : ty_name(x.type);
}

bool is_list_type(Ty t) {
  return t == Ty::List || t == Ty::StringList || t == Ty::IntList || t == Ty::Bytes;
}
bool is_map_type(Ty t) { return t == Ty::Map || t == Ty::StringMap || t == Ty::BytesMap; }

// ---- the printer ----------------------------------------------------------------------------

struct Flags {
  bool plus = false;
  bool minus = false;
  bool sharp = false;
  bool space = false;
  bool zero = false;
  bool plus_v = false;   // %+v: plus moved aside, as it only changes structs
  bool sharp_v = false;  // %#v: Go syntax
  bool wid_present = false;
  bool prec_present = false;
  int wid = 0;
  int prec = 0;
};

// parity: fmt never uses a width or precision beyond a million (tooLarge in print.go).
constexpr int kMaxWidth = 1000000;

// parity: fmt's pp (print.go) and fmt (format.go), written over Typed values.
class Printer {
 public:
  explicit Printer(std::string& out) : out_(out) {}

  void print(std::span<const FmtArg> args);
  void template_print(const FmtArg& arg) {
    template_print_ = true;
    print_arg(from_arg(arg), 'v');
  }
  void println(std::span<const FmtArg> args);
  void printf(std::string_view format, std::span<const FmtArg> args);

 private:
  void print_arg(const Typed& x, char32_t verb);
  void print_value(const Typed& x, char32_t verb, int depth);
  void bad_verb(const Typed& x, char32_t verb);
  void print_list(const Typed& x, char32_t verb, int depth);
  void print_map(const Typed& x, char32_t verb, int depth);
  void print_pointer(const Typed& x, char32_t verb);
  void print_object(const Typed& x, char32_t verb, int depth);

  void fmt_bool(const Typed& x, char32_t verb);
  void fmt_integer(const Typed& x, std::uint64_t u, bool is_signed, char32_t verb);
  void fmt_float(const Typed& x, double v, char32_t verb);
  void fmt_complex(const Typed& x, char32_t verb);
  void fmt_string(const Typed& x, std::string_view s, char32_t verb);
  void fmt_bytes(const Typed& x, char32_t verb);

  // The flag-aware writers of format.go.
  void write_padding(int n);
  void pad(std::string_view s);
  void fmt_s(std::string_view s);
  void fmt_sx(std::string_view s, const char* digits);
  void fmt_q(std::string_view s);
  void fmt_c(std::uint64_t u);
  void fmt_qc(std::uint64_t u);
  void fmt_unicode(std::uint64_t u);
  void fmt_number(std::uint64_t u, int base, bool is_signed, char32_t verb, const char* digits);
  void fmt_0x64(std::uint64_t u, bool leading_0x);
  void fmt_float_text(double v, char verb, int prec);
  std::string_view truncate(std::string_view s) const;

  std::string& out_;
  Flags f_;
  bool template_print_ = false;  // printing for the executor: see append_template_print
};

void Printer::write_padding(int n) {
  if (n <= 0) return;
  out_.append(static_cast<std::size_t>(n), f_.zero ? '0' : ' ');
}

void Printer::pad(std::string_view s) {
  if (!f_.wid_present || f_.wid == 0) {
    out_ += s;
    return;
  }
  int width = f_.wid - static_cast<int>(rune_count(s));
  if (f_.minus) {
    out_ += s;
    write_padding(width);
  } else {
    write_padding(width);
    out_ += s;
  }
}

std::string_view Printer::truncate(std::string_view s) const {
  if (!f_.prec_present) return s;
  std::size_t i = 0;
  for (int n = 0; i < s.size() && n < f_.prec; ++n) i += decode_rune(s, i).width;
  return s.substr(0, i);
}

void Printer::fmt_s(std::string_view s) { pad(truncate(s)); }

// parity: fmt.fmtSbx: hex of each byte, `% x` separating them, `%#x` adding 0x.
void Printer::fmt_sx(std::string_view s, const char* digits) {
  std::size_t length = s.size();
  if (f_.prec_present && static_cast<std::size_t>(f_.prec) < length)
    length = static_cast<std::size_t>(f_.prec);
  int width = static_cast<int>(2 * length);
  if (width == 0) {
    if (f_.wid_present) write_padding(f_.wid);
    return;
  }
  if (f_.space) {
    if (f_.sharp) width *= 2;
    width += static_cast<int>(length) - 1;
  } else if (f_.sharp) {
    width += 2;
  }
  bool padded = f_.wid_present && f_.wid > width;
  if (padded && !f_.minus) write_padding(f_.wid - width);
  if (f_.sharp) {
    out_ += '0';
    out_ += digits[16];
  }
  for (std::size_t i = 0; i < length; ++i) {
    if (f_.space && i > 0) {
      out_ += ' ';
      if (f_.sharp) {
        out_ += '0';
        out_ += digits[16];
      }
    }
    auto c = static_cast<unsigned char>(s[i]);
    out_ += digits[c >> 4];
    out_ += digits[c & 0xF];
  }
  if (padded && f_.minus) write_padding(f_.wid - width);
}

void Printer::fmt_q(std::string_view s) {
  s = truncate(s);
  if (f_.sharp && can_backquote(s)) {
    std::string q = "`";
    q += s;
    q += '`';
    pad(q);
    return;
  }
  std::string q;
  append_quoted(q, s, f_.plus);
  pad(q);
}

void Printer::fmt_c(std::uint64_t u) {
  std::string c;
  append_rune(c, u > kMaxRune ? kRuneError : static_cast<char32_t>(u));
  pad(c);
}

// parity: strconv.QuoteRune / QuoteRuneToASCII (invalid runes become U+FFFD).
void Printer::fmt_qc(std::uint64_t u) {
  char32_t r = u > kMaxRune ? kRuneError : static_cast<char32_t>(u);
  if (!is_valid_rune(r)) r = kRuneError;
  std::string q = "'";
  append_escaped_rune(q, r, '\'', f_.plus);
  q += '\'';
  pad(q);
}

// parity: fmt.fmtUnicode: U+ and at least four (or `precision`) upper-case hex digits; `%#U`
// adds the quoted rune when it is printable. Never zero-padded.
void Printer::fmt_unicode(std::uint64_t u) {
  std::string hex;
  for (std::uint64_t v = u;; v >>= 4) {
    hex += kUpperDigits[v & 0xF];
    if (v < 16) break;
  }
  int prec = f_.prec_present && f_.prec > 4 ? f_.prec : 4;
  std::string text = "U+";
  if (static_cast<int>(hex.size()) < prec) text.append(prec - hex.size(), '0');
  text.append(hex.rbegin(), hex.rend());
  if (f_.sharp && u <= kMaxRune && is_print(static_cast<char32_t>(u))) {
    text += " '";
    append_rune(text, static_cast<char32_t>(u));
    text += '\'';
  }
  bool zero = f_.zero;
  f_.zero = false;
  pad(text);
  f_.zero = zero;
}

// parity: fmt.fmtInteger. Precision, or a zero flag with a width, asks for leading zeros;
// prefixes (0x, 0b, 0, 0o) come after them, then the sign; padding is always spaces.
void Printer::fmt_number(std::uint64_t u, int base, bool is_signed, char32_t verb,
                         const char* digits) {
  bool negative = is_signed && static_cast<std::int64_t>(u) < 0;
  if (negative) u = ~u + 1;
  int prec = 0;
  if (f_.prec_present) {
    prec = f_.prec;
    if (prec == 0 && u == 0) {
      bool zero = f_.zero;
      f_.zero = false;
      write_padding(f_.wid);
      f_.zero = zero;
      return;
    }
  } else if (f_.zero && f_.wid_present) {
    prec = f_.wid;
    if (negative || f_.plus || f_.space) --prec;
  }
  char buf[64];
  int n = 0;  // digits, least significant first
  do {
    buf[n++] = digits[u % static_cast<unsigned>(base)];
    u /= static_cast<unsigned>(base);
  } while (u != 0);
  std::string text;
  if (negative) {
    text += '-';
  } else if (f_.plus) {
    text += '+';
  } else if (f_.space) {
    text += ' ';
  }
  if (verb == 'O') text += "0o";
  int zeros = prec > n ? prec - n : 0;
  if (f_.sharp) {
    if (base == 2) {
      text += "0b";
    } else if (base == 16) {
      text += '0';
      text += digits[16];
    } else if (base == 8 && zeros == 0 && buf[n - 1] != '0') {
      text += '0';
    }
  }
  text.append(static_cast<std::size_t>(zeros), '0');
  for (int i = n - 1; i >= 0; --i) text += buf[i];
  bool zero = f_.zero;
  f_.zero = false;
  pad(text);
  f_.zero = zero;
}

void Printer::fmt_0x64(std::uint64_t u, bool leading_0x) {
  bool sharp = f_.sharp;
  f_.sharp = leading_0x;
  fmt_number(u, 16, false, 'v', kLowerDigits);
  f_.sharp = sharp;
}

// parity: fmt.fmtFloat: strconv's text, then the sign, `#`'s decimal point and trailing
// zeros, and zero padding placed after the sign (never for infinities and NaN).
void Printer::fmt_float_text(double v, char verb, int prec) {
  if (f_.prec_present) prec = f_.prec;
  std::string num;
  if (verb == 'b') {
    num = format_float_binary(v);
  } else if (verb == 'x' || verb == 'X') {
    num = format_float_hex(v, verb, prec);
  } else {
    num = value::format_float(v, verb, prec);
  }
  if (num[0] != '-' && num[0] != '+') num.insert(num.begin(), '+');
  if (f_.space && num[0] == '+' && !f_.plus) num[0] = ' ';
  if (num[1] == 'I' || num[1] == 'N') {
    bool zero = f_.zero;
    f_.zero = false;
    std::string_view text = num;
    if (num[1] == 'N' && !f_.space && !f_.plus) text.remove_prefix(1);
    pad(text);
    f_.zero = zero;
    return;
  }
  if (f_.sharp && verb != 'b') {
    // parity: Go counts the digits still owed from the first non-zero one (the 'x' of a hex
    // float's "0x" included) and omits %#X from the verbs that keep them.
    int digits = 0;
    if (verb == 'g' || verb == 'G' || verb == 'x') digits = prec == -1 ? 6 : prec;
    std::string tail;
    bool has_point = false;
    bool saw_nonzero = false;
    for (std::size_t i = 1; i < num.size(); ++i) {
      char c = num[i];
      if (c == '.') {
        has_point = true;
        continue;
      }
      if (c == 'p' || c == 'P' || ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
        tail = num.substr(i);
        num.resize(i);
        break;
      }
      if (c != '0') saw_nonzero = true;
      if (saw_nonzero) --digits;
    }
    if (!has_point) {
      if (num.size() == 2 && num[1] == '0') --digits;
      num += '.';
    }
    if (digits > 0) num.append(static_cast<std::size_t>(digits), '0');
    num += tail;
  }
  if (f_.plus || num[0] != '+') {
    if (f_.zero && f_.wid_present && f_.wid > static_cast<int>(num.size())) {
      out_ += num[0];
      write_padding(f_.wid - static_cast<int>(num.size()));
      out_.append(num, 1);
      return;
    }
    pad(num);
    return;
  }
  pad(std::string_view(num).substr(1));
}

void Printer::bad_verb(const Typed& x, char32_t verb) {
  out_ += "%!";
  append_rune(out_, verb);
  out_ += '(';
  if (x.type == Ty::Nil) {
    out_ += "<nil>";
  } else {
    out_ += type_of(x);
    out_ += '=';
    print_value(x, 'v', 0);
  }
  out_ += ')';
}

void Printer::fmt_bool(const Typed& x, char32_t verb) {
  if (verb == 't' || verb == 'v') {
    pad(x.value->as_bool() ? "true" : "false");
  } else {
    bad_verb(x, verb);
  }
}

void Printer::fmt_integer(const Typed& x, std::uint64_t u, bool is_signed, char32_t verb) {
  switch (verb) {
    case 'v':
      if (f_.sharp_v && !is_signed) {
        fmt_0x64(u, true);
      } else {
        fmt_number(u, 10, is_signed, verb, kLowerDigits);
      }
      return;
    case 'd':
      fmt_number(u, 10, is_signed, verb, kLowerDigits);
      return;
    case 'b':
      fmt_number(u, 2, is_signed, verb, kLowerDigits);
      return;
    case 'o':
    case 'O':
      fmt_number(u, 8, is_signed, verb, kLowerDigits);
      return;
    case 'x':
      fmt_number(u, 16, is_signed, verb, kLowerDigits);
      return;
    case 'X':
      fmt_number(u, 16, is_signed, verb, kUpperDigits);
      return;
    case 'c':
      fmt_c(u);
      return;
    case 'q':
      fmt_qc(u);
      return;
    case 'U':
      fmt_unicode(u);
      return;
    default:
      bad_verb(x, verb);
      return;
  }
}

void Printer::fmt_float(const Typed& x, double v, char32_t verb) {
  switch (verb) {
    case 'v':
      fmt_float_text(v, 'g', -1);
      return;
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
      fmt_float_text(v, static_cast<char>(verb), -1);
      return;
    case 'f':
    case 'F':
      fmt_float_text(v, 'f', 6);
      return;
    case 'e':
    case 'E':
      fmt_float_text(v, static_cast<char>(verb), 6);
      return;
    default:
      bad_verb(x, verb);
      return;
  }
}

void Printer::fmt_string(const Typed& x, std::string_view s, char32_t verb) {
  switch (verb) {
    case 'v':
      if (f_.sharp_v) {
        fmt_q(s);
      } else {
        fmt_s(s);
      }
      return;
    case 's':
      fmt_s(s);
      return;
    case 'x':
      fmt_sx(s, kLowerDigits);
      return;
    case 'X':
      fmt_sx(s, kUpperDigits);
      return;
    case 'q':
      fmt_q(s);
      return;
    default:
      bad_verb(x, verb);
      return;
  }
}

// parity: pp.fmtBytes: a []byte prints as numbers for %v and %d, as a string for the others.
void Printer::fmt_bytes(const Typed& x, char32_t verb) {
  std::string_view bytes = x.value->is_null() ? std::string_view() : x.value->as_string();
  switch (verb) {
    case 'v':
    case 'd':
      if (f_.sharp_v) {
        out_ += "[]byte";
        if (x.value->is_null()) {
          out_ += "(nil)";
          return;
        }
        out_ += '{';
        for (std::size_t i = 0; i < bytes.size(); ++i) {
          if (i > 0) out_ += ", ";
          fmt_0x64(static_cast<unsigned char>(bytes[i]), true);
        }
        out_ += '}';
        return;
      }
      out_ += '[';
      for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i > 0) out_ += ' ';
        fmt_number(static_cast<unsigned char>(bytes[i]), 10, false, verb, kLowerDigits);
      }
      out_ += ']';
      return;
    case 's':
      fmt_s(bytes);
      return;
    case 'x':
      fmt_sx(bytes, kLowerDigits);
      return;
    case 'X':
      fmt_sx(bytes, kUpperDigits);
      return;
    case 'q':
      fmt_q(bytes);
      return;
    default:
      print_value(x, verb, 0);
      return;
  }
}

// parity: pp.fmtPointer: %p of a slice or map is its address; a nil one is 0x0.
void Printer::print_pointer(const Typed& x, char32_t verb) {
  std::uintptr_t address = 0;
  if (is_list_type(x.type) && x.type != Ty::Bytes) {
    if (x.value->is_list()) address = reinterpret_cast<std::uintptr_t>(&x.value->as_list());
  } else if (is_map_type(x.type)) {
    if (x.value->is_map()) address = reinterpret_cast<std::uintptr_t>(&x.value->as_map());
  } else if (x.type == Ty::Bytes) {
    if (x.value->is_string())
      address = reinterpret_cast<std::uintptr_t>(x.value->as_string().data());
  } else {
    bad_verb(x, verb);
    return;
  }
  fmt_0x64(address, !f_.sharp);
}

// parity: pp.printArg: the top-level operand.
void Printer::print_arg(const Typed& x, char32_t verb) {
  if (x.type == Ty::Nil) {
    if (verb == 'T' || verb == 'v') {
      pad("<nil>");
    } else {
      bad_verb(x, verb);
    }
    return;
  }
  if (verb == 'T') {
    fmt_s(type_of(x));
    return;
  }
  if (verb == 'p') {
    print_pointer(x, verb);
    return;
  }
  if (x.type == Ty::Bytes) {
    fmt_bytes(x, verb);
    return;
  }
  print_value(x, verb, 0);
}

// parity: pp.printValue: one value by its type; containers print their elements with the
// same verb and flags, a nil element of a []interface{} prints a bare "<nil>".
void Printer::print_value(const Typed& x, char32_t verb, int depth) {
  if (depth > value::kMaxDepth) {
    throw Error("fmt: value nested deeper than " + std::to_string(value::kMaxDepth) +
                " levels (a cycle?)");
  }
  switch (x.type) {
    case Ty::NoValue:
    case Ty::String:
      fmt_string(x, x.text, verb);
      return;
    case Ty::Nil:
      if (f_.sharp_v) {
        out_ += "interface {}(nil)";
      } else {
        out_ += "<nil>";
      }
      return;
    case Ty::Bool:
      fmt_bool(x, verb);
      return;
    case Ty::Int:
    case Ty::Int64:
      fmt_integer(x, static_cast<std::uint64_t>(x.value->as_int()), true, verb);
      return;
    case Ty::Uint8:
      fmt_integer(x, x.byte, false, verb);
      return;
    case Ty::Float64:
      fmt_float(x, x.value->as_float(), verb);
      return;
    case Ty::List:
    case Ty::StringList:
    case Ty::IntList:
    case Ty::Bytes:
      print_list(x, verb, depth);
      return;
    case Ty::Map:
    case Ty::StringMap:
    case Ty::BytesMap:
      print_map(x, verb, depth);
      return;
    case Ty::Complex:
      fmt_complex(x, verb);
      return;
    case Ty::Object:
      print_object(x, verb, depth);
      return;
  }
}

// parity: pp.fmtComplex: "(re+imi)", each part formatted with the verb, the imaginary part
// always signed.
void Printer::fmt_complex(const Typed& x, char32_t verb) {
  switch (verb) {
    case 'v': case 'b': case 'g': case 'G': case 'x': case 'X': case 'f': case 'F': case 'e':
    case 'E': {
      const value::List& parts = x.value->as_list();
      bool plus = f_.plus;
      out_ += '(';
      fmt_float(x, parts[0].as_float(), verb);
      f_.plus = true;
      fmt_float(x, parts[1].as_float(), verb);
      out_ += "i)";
      f_.plus = plus;
      return;
    }
    default:
      bad_verb(x, verb);
  }
}

// parity: pp.handleMethods (a Stringer prints its String() for %v %s %q %x %X), then
// pp.printValue for structs ({a b}, %+v names fields), pointers to structs (&{...} at the
// top, an address deeper down) and named maps and slices (as their underlying type).
void Printer::print_object(const Typed& x, char32_t verb, int depth) {
  const Object& object = object_of(x);
  bool stringer_verb = verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X';
  bool top = depth == 0 && template_print_;
  bool callable = top || !object.string_needs_address() || object.is_pointer();
  if (stringer_verb && !f_.sharp_v && callable) {
    if (std::optional<std::string> s = object.string()) {
      fmt_string({Ty::String, nullptr, x.nested_int, *s}, *s, verb);
      return;
    }
  }
  if (std::optional<TValue> u = object.underlying()) {
    print_value(from_arg(u->fmt_arg()), verb, depth);
    return;
  }
  if (object.is_pointer()) {
    if (depth > 0) {
      fmt_0x64(reinterpret_cast<std::uintptr_t>(&object), true);
      return;
    }
    if (!top) out_ += '&';
  }
  const auto fields = object.fields();
  out_ += '{';
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out_ += ' ';
    if (f_.plus_v || f_.sharp_v) {
      out_ += fields[i].first;
      out_ += ':';
    }
    print_value(from_arg(fields[i].second.fmt_arg()), verb, depth + 1);
  }
  out_ += '}';
}

void Printer::print_list(const Typed& x, char32_t verb, int depth) {
  if (x.type == Ty::Bytes && (verb == 's' || verb == 'q' || verb == 'x' || verb == 'X')) {
    fmt_bytes(x, verb);
    return;
  }
  bool nil = x.value->is_null();
  std::size_t size = nil ? 0 : x.value->size();
  if (f_.sharp_v) {
    out_ += ty_name(x.type);
    if (nil) {
      out_ += "(nil)";
      return;
    }
    out_ += '{';
  } else {
    out_ += '[';
  }
  for (std::size_t i = 0; i < size; ++i) {
    if (i > 0) out_ += f_.sharp_v ? ", " : " ";
    if (x.type == Ty::Bytes) {
      Typed b{
          Ty::Uint8, nullptr, x.nested_int, {}, static_cast<std::uint8_t>(x.value->as_string()[i])};
      print_value(b, verb, depth + 1);
    } else {
      print_value(element(x.value->as_list()[i], x.type, x.nested_int), verb, depth + 1);
    }
  }
  out_ += f_.sharp_v ? '}' : ']';
}

// parity: maps print their keys sorted (internal/fmtsort: strings bytewise), which is the
// order of value::Map.
void Printer::print_map(const Typed& x, char32_t verb, int depth) {
  bool nil = x.value->is_null();
  if (f_.sharp_v) {
    out_ += ty_name(x.type);
    if (nil) {
      out_ += "(nil)";
      return;
    }
    out_ += '{';
  } else {
    out_ += "map[";
  }
  if (!nil) {
    bool first = true;
    for (const auto& [key, v] : x.value->as_map()) {
      if (!first) out_ += f_.sharp_v ? ", " : " ";
      first = false;
      print_value({Ty::String, nullptr, x.nested_int, key}, verb, depth + 1);
      out_ += ':';
      print_value(element(v, x.type, x.nested_int), verb, depth + 1);
    }
  }
  out_ += f_.sharp_v ? '}' : ']';
}

// parity: intFromArg in print.go: a `*` width or precision must be an integer operand.
struct IntArg {
  int value = 0;
  bool ok = false;
};

IntArg int_from_arg(const FmtArg& a) {
  Typed x = from_arg(a);
  if (x.type != Ty::Int && x.type != Ty::Int64) return {};
  std::int64_t n = x.value->as_int();
  if (n > kMaxWidth || n < -kMaxWidth) return {};
  return {static_cast<int>(n), true};
}

struct Number {
  int value = 0;
  bool present = false;
  std::size_t next = 0;
};

// parity: parsenum in print.go: decimal digits from `i`; a number past a million is no number
// and swallows the rest of `s`.
Number parse_number(std::string_view s, std::size_t i, std::size_t end) {
  Number n{0, false, i};
  if (i >= end) return {0, false, end};
  for (; n.next < end && s[n.next] >= '0' && s[n.next] <= '9'; ++n.next) {
    if (n.value > kMaxWidth) return {0, false, end};
    n.value = n.value * 10 + (s[n.next] - '0');
    n.present = true;
  }
  return n;
}

void Printer::print(std::span<const FmtArg> args) {
  bool previous_string = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    Typed x = from_arg(args[i]);
    // parity: fmt.Sprint adds a space between operands when neither is a string.
    bool is_string = x.type == Ty::String || x.type == Ty::NoValue;
    if (i > 0 && !is_string && !previous_string) out_ += ' ';
    print_arg(x, 'v');
    previous_string = is_string;
  }
}

void Printer::println(std::span<const FmtArg> args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out_ += ' ';
    print_arg(from_arg(args[i]), 'v');
  }
  out_ += '\n';
}

// parity: pp.doPrintf: text, then per directive flags, an optional [n] operand index, width
// (digits or `*`), precision (`.` digits or `.*`), another index, and the verb.
void Printer::printf(std::string_view format, std::span<const FmtArg> args) {
  const std::size_t end = format.size();
  std::size_t arg_num = 0;
  bool reordered = false;
  bool good_arg_num = true;
  bool after_index = false;
  std::size_t i = 0;

  // A [n] operand index at `i`, if any; returns whether one was found and valid as syntax.
  auto arg_index = [&]() {
    if (i >= end || format[i] != '[') return false;
    reordered = true;
    std::size_t close = format.find(']', i + 1);
    if (close == std::string_view::npos) {
      ++i;
      good_arg_num = false;
      return false;
    }
    Number n = parse_number(format, i + 1, close);
    bool ok = n.present && n.next == close;
    i = close + 1;
    if (ok && n.value >= 1 && static_cast<std::size_t>(n.value) <= args.size()) {
      arg_num = static_cast<std::size_t>(n.value - 1);
      return true;
    }
    good_arg_num = false;
    return ok;
  };
  auto star = [&]() {
    IntArg n;
    if (arg_num < args.size()) n = int_from_arg(args[arg_num++]);
    return n;
  };

  while (i < end) {
    good_arg_num = true;
    std::size_t text_end = format.find('%', i);
    if (text_end == std::string_view::npos) text_end = end;
    out_.append(format.substr(i, text_end - i));
    i = text_end;
    if (i >= end) break;
    ++i;

    f_ = Flags{};
    for (; i < end; ++i) {
      char c = format[i];
      if (c == '#') {
        f_.sharp = true;
      } else if (c == '0') {
        f_.zero = !f_.minus;  // only pad with zeros on the left
      } else if (c == '+') {
        f_.plus = true;
      } else if (c == '-') {
        f_.minus = true;
        f_.zero = false;
      } else if (c == ' ') {
        f_.space = true;
      } else {
        break;
      }
    }

    after_index = arg_index();
    if (i < end && format[i] == '*') {
      ++i;
      IntArg n = star();
      f_.wid = n.value;
      f_.wid_present = n.ok;
      if (!n.ok) out_ += "%!(BADWIDTH)";
      if (f_.wid < 0) {
        f_.wid = -f_.wid;
        f_.minus = true;
        f_.zero = false;
      }
      after_index = false;
    } else {
      Number n = parse_number(format, i, end);
      f_.wid = n.value;
      f_.wid_present = n.present;
      i = n.next;
      if (after_index && f_.wid_present) good_arg_num = false;  // "%[3]2d"
    }

    if (i + 1 < end && format[i] == '.') {
      ++i;
      if (after_index) good_arg_num = false;  // "%[3].2d"
      after_index = arg_index();
      if (i < end && format[i] == '*') {
        ++i;
        IntArg n = star();
        f_.prec = n.value;
        f_.prec_present = n.ok;
        if (f_.prec < 0) {
          f_.prec = 0;
          f_.prec_present = false;
        }
        if (!f_.prec_present) out_ += "%!(BADPREC)";
        after_index = false;
      } else {
        Number n = parse_number(format, i, end);
        f_.prec = n.present ? n.value : 0;
        f_.prec_present = true;  // "%.f" is precision zero
        i = n.next;
      }
    }

    if (!after_index) after_index = arg_index();

    if (i >= end) {
      out_ += "%!(NOVERB)";
      break;
    }
    DecodedRune verb = decode_rune(format, i);
    i += verb.width;

    if (verb.rune == '%') {
      out_ += '%';  // absorbs no operand, ignores width and precision
    } else if (!good_arg_num || arg_num >= args.size()) {
      out_ += "%!";
      append_rune(out_, verb.rune);
      out_ += good_arg_num ? "(MISSING)" : "(BADINDEX)";
    } else {
      if (verb.rune == 'v') {
        f_.sharp_v = f_.sharp;
        f_.sharp = false;
        f_.plus_v = f_.plus;
        f_.plus = false;
      }
      print_arg(from_arg(args[arg_num]), verb.rune);
      ++arg_num;
    }
  }

  // parity: operands left over are listed, unless an explicit index was used.
  if (!reordered && arg_num < args.size()) {
    f_ = Flags{};
    out_ += "%!(EXTRA ";
    for (std::size_t k = arg_num; k < args.size(); ++k) {
      if (k > arg_num) out_ += ", ";
      Typed x = from_arg(args[k]);
      if (x.type == Ty::Nil) {
        out_ += "<nil>";
      } else {
        out_ += ty_name(x.type);
        out_ += '=';
        print_arg(x, 'v');
      }
    }
    out_ += ')';
  }
}

}  // namespace

std::string_view go_type_name(GoType type) { return ty_name(to_ty(type)); }

GoType go_type_of(const value::Value& v, GoType int_type) {
  switch (v.kind()) {
    case Kind::Null:
      return GoType::Nil;
    case Kind::Bool:
      return GoType::Bool;
    case Kind::Int:
      return int_type;
    case Kind::Float:
      return GoType::Float64;
    case Kind::String:
      return GoType::String;
    case Kind::List:
      return GoType::List;
    case Kind::Map:
      return GoType::Map;
    case Kind::Opaque:
      return GoType::Object;
  }
  return GoType::Nil;
}

void append_sprint(std::string& out, std::span<const FmtArg> args) { Printer(out).print(args); }

void append_template_print(std::string& out, const FmtArg& arg) { Printer(out).template_print(arg); }

void append_sprintln(std::string& out, std::span<const FmtArg> args) { Printer(out).println(args); }

void append_sprintf(std::string& out, std::string_view format, std::span<const FmtArg> args) {
  Printer(out).printf(format, args);
}

std::string go_sprint(std::span<const FmtArg> args) {
  std::string out;
  append_sprint(out, args);
  return out;
}

std::string go_sprintln(std::span<const FmtArg> args) {
  std::string out;
  append_sprintln(out, args);
  return out;
}

std::string go_sprintf(std::string_view format, std::span<const FmtArg> args) {
  std::string out;
  append_sprintf(out, format, args);
  return out;
}

}  // namespace primer::tmpl
