"""Checks generated torchvision code (stdin JSON: {code}; stdout JSON report).

1. Every v2.X(...) call must name a transform of torchvision.transforms.v2 with keywords it takes. Signatures
   from pytorch/vision: torchvision/transforms/v2/_geometry.py @0077a7c577c4bcc86b5e264e669f9db7a0e2d2bc
   (RandomHorizontalFlip, RandomVerticalFlip, RandomResizedCrop, RandomRotation, RandomAffine, RandomCrop),
   _misc.py @0077a7c5 (Identity, Lambda, Normalize, GaussianBlur, ToDtype), _augment.py @0505f242
   (RandomErasing), names listed in v2/__init__.py @02526afc; ColorJitter, RandomGrayscale, Compose,
   RandomApply and ToImage as v2 keeps them from v1 (checked on the installed torchvision's v1 signatures).
2. The code is executed on a tiny image: with torchvision.transforms.v2 when installed, else (torchvision 0.14
   has no v2) through a stand-in module mapping each v2 name to its v1 twin.
"""
import ast
import json
import sys
import types

V2 = {
    "Compose": ["transforms"], "RandomApply": ["transforms", "p"], "Lambda": ["lambd"], "Identity": [],
    "ToImage": [], "ToDtype": ["dtype", "scale"], "Normalize": ["mean", "std", "inplace"],
    "RandomHorizontalFlip": ["p"], "RandomVerticalFlip": ["p"],
    "RandomRotation": ["degrees", "interpolation", "expand", "center", "fill"],
    "RandomAffine": ["degrees", "translate", "scale", "shear", "interpolation", "fill", "center"],
    "RandomResizedCrop": ["size", "scale", "ratio", "interpolation", "antialias"],
    "RandomCrop": ["size", "padding", "pad_if_needed", "fill", "padding_mode"],
    "ColorJitter": ["brightness", "contrast", "saturation", "hue"], "GaussianBlur": ["kernel_size", "sigma"],
    "RandomErasing": ["p", "scale", "ratio", "value", "inplace"], "RandomGrayscale": ["p"],
}
FUNCTIONAL = {"adjust_gamma": ["inpt", "gamma", "gain"], "gaussian_blur": ["inpt", "kernel_size", "sigma"]}
INTERPOLATION = {"NEAREST", "NEAREST_EXACT", "BILINEAR", "BICUBIC"}


def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return dotted(node.value) + "." + node.attr
    return "?"


def static_problems(code):
    problems = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Attribute) and dotted(node).startswith("v2.InterpolationMode."):
            if node.attr not in INTERPOLATION:
                problems.append(dotted(node))
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        table = V2 if name.count(".") == 1 else FUNCTIONAL if name.startswith("v2.functional.") else None
        if not name.startswith("v2.") or table is None:
            continue
        params = table.get(name.split(".")[-1])
        if params is None:
            problems.append(f"{name}: no such v2 name")
            continue
        if len(node.args) > len(params):
            problems.append(f"{name}: {len(node.args)} positional arguments")
        bad = [k.arg for k in node.keywords if k.arg not in params]
        problems.extend(f"{name}: no keyword {k}" for k in bad)
    return problems


def v2_stand_in():
    import torch
    import torchvision.transforms as T
    import torchvision.transforms.functional as F

    v2 = types.ModuleType("torchvision.transforms.v2")
    for name in V2:
        if hasattr(T, name):
            setattr(v2, name, getattr(T, name))
    v2.ToImage = T.PILToTensor
    v2.ToDtype = lambda dtype, scale=False: T.ConvertImageDtype(dtype)
    v2.Identity = lambda: (lambda x: x)
    v2.InterpolationMode = types.SimpleNamespace(
        NEAREST=T.InterpolationMode.NEAREST, NEAREST_EXACT=T.InterpolationMode.NEAREST,
        BILINEAR=T.InterpolationMode.BILINEAR, BICUBIC=T.InterpolationMode.BICUBIC)
    v2.functional = types.SimpleNamespace(
        adjust_gamma=F.adjust_gamma,
        gaussian_blur=lambda img, kernel_size, sigma: F.gaussian_blur(img, [kernel_size, kernel_size], [sigma, sigma]))
    sys.modules["torchvision.transforms.v2"] = v2
    T.v2 = v2
    return "torchvision " + __import__("torchvision").__version__ + " v1 through a v2 stand-in"


request = json.load(sys.stdin)
report = {"problems": static_problems(request["code"])}
try:
    import numpy as np
    import torch
    from PIL import Image
except ImportError as error:
    report["skipped"] = f"cannot run: {error}"
else:
    try:
        import torchvision.transforms.v2  # noqa: F401
        report["ran_with"] = "torchvision.transforms.v2"
    except ImportError:
        report["ran_with"] = v2_stand_in()
    namespace = {}
    exec(compile(request["code"], "generated.py", "exec"), namespace)
    rng = np.random.default_rng(0)
    image = Image.fromarray(rng.integers(0, 256, (30, 40, 3), dtype=np.uint8))
    out = namespace["normalize"](namespace["augment"](image))
    report["shape"] = list(out.shape)
    report["dtype"] = str(out.dtype)
    report["finite"] = bool(torch.isfinite(out).all())
print(json.dumps(report))
