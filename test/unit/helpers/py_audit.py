"""Audits generated Python for the codegen tests (stdin: JSON list of {source, allowed}; stdout: JSON results).

For each source: does it parse; which calls name a root outside `allowed` (plus the module's own functions and
classes, self and super); which forbidden names appear; its string constants; and its shape (the AST dump with
every string constant blanked), so a test can check that hostile text changed only string values, never code.
"""
import ast
import json
import sys

FORBIDDEN = {"open", "exec", "eval", "compile", "__import__", "os", "subprocess", "system", "PWNED", "getattr"}


def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return dotted(node.value) + "." + node.attr
    if isinstance(node, ast.Call):
        return dotted(node.func) + "()"
    return type(node).__name__


class Blank(ast.NodeTransformer):
    def visit_Constant(self, node):
        return ast.Constant("S") if isinstance(node.value, str) else node


def audit(source, allowed):
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError) as error:
        return {"ok": False, "error": str(error)}
    # Names the code itself binds (functions, classes, parameters, assignments) may be called: method calls on
    # local values are not how text turns into code. Calls on computed values (a + b).clamp() have no name.
    defined = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    defined |= {n.arg for n in ast.walk(tree) if isinstance(n, ast.arg)}
    defined |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    roots = set(allowed) | defined | {"self", "super"}
    calls, bad_calls, forbidden, strings = [], [], [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = dotted(node.func)
            calls.append(name)
            root = node.func
            while isinstance(root, (ast.Attribute, ast.Call)):
                root = root.value if isinstance(root, ast.Attribute) else root.func
            if isinstance(root, ast.Name) and root.id not in roots:
                bad_calls.append(name)
        if isinstance(node, ast.Name) and node.id in FORBIDDEN:
            forbidden.append(node.id)
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN:
            forbidden.append(node.attr)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(node.value)
    shape = ast.dump(Blank().visit(tree))
    return {
        "ok": True,
        "calls": sorted(set(calls)),
        "badCalls": bad_calls,
        "forbidden": forbidden,
        "strings": strings,
        "shape": shape,
    }


print(json.dumps([audit(case["source"], case["allowed"]) for case in json.load(sys.stdin)]))
