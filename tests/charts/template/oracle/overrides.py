# Expected results where Go 1.25 (helm 4.1.4, the project's reference) differs from the Go 1.19
# that gen.py runs. Each was rendered with $HELM4 through a throw-away chart (the case text
# inside a {{define}}, called with include); positions are restated for template "t".
# name -> (output or whole error text, fails, note)
H4 = "helm 4.1.4"
O = {
    "complex and int are not comparable": (
        "template: t:1:3: executing \"t\" at <eq 1i 1>: error calling eq: incompatible types for comparison: complex128 and int", True, H4),
    "range over int": ("012|01", False, H4),
    "range over zero int runs else": ("none|none", False, H4),
    "range over int with two variables": (
        "template: t:1:19: executing \"t\" at <2>: can't use 2 to iterate over more than one variable", True, H4),
    "range over int64 data": ("01", False, H4 + " (an int64 from --set)"),
    "else with": ("Bx", False, H4),
    "else with falls through": ("|c", False, H4),
    "else with declares": ("3", False, H4),
    "else with after if is an error": ("template: t:1: unexpected <with> in input", True, H4),
    "else with after range is an error": ("template: t:1: unexpected <with> in input", True, H4),
    "eq stops at first match only": (
        "template: t:1:3: executing \"t\" at <eq 1 2 \"x\">: error calling eq: incompatible types for comparison: int and string", True, H4),
    "eq names both types": (
        "template: t:1:3: executing \"t\" at <eq 1 \"x\">: error calling eq: incompatible types for comparison: int and string", True, H4),
    "eq float data and int literal": (
        "template: t:1:3: executing \"t\" at <eq .port 80>: error calling eq: incompatible types for comparison: float64 and int", True, H4),
    "lt int and float": (
        "template: t:1:3: executing \"t\" at <lt 1 2.5>: error calling lt: incompatible types for comparison: int and float64", True, H4),
    "ne int and float": (
        "template: t:1:3: executing \"t\" at <ne 1 2.0>: error calling ne: incompatible types for comparison: int and float64", True, H4),
    "le int and float": (
        "template: t:1:3: executing \"t\" at <le 1 2.0>: error calling le: incompatible types for comparison: int and float64", True, H4),
    "lt bool and int": (
        "template: t:1:3: executing \"t\" at <lt true 1>: error calling lt: incompatible types for comparison: bool and int", True, H4),
    "range assignment of undeclared variable": (
        "template: t:1:14: executing \"t\" at <.l>: undefined variable: $e", True, H4 + " (position restated)"),
}
