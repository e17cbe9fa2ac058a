"""Runs generated Keras code on the shim (stdin JSON: {code, cases}; stdout JSON: one result per case).

Each case names a layer of `augment` by index, an HWC image, and the unit uniform / standard normal draws the layer
will get. Built-in layers report the range they would sample instead of running.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "keras_shim"))
import keras  # noqa: E402  (the shim)
import numpy as np  # noqa: E402

request = json.load(sys.stdin)
namespace = {}
exec(compile(request["code"], "generated.py", "exec"), namespace)
results = []
for case in request["cases"]:
    layer = namespace["augment"].layers[case["index"]]
    inner = getattr(layer, "layer", layer)
    if hasattr(inner, "samples"):
        results.append({"samples": inner.samples, "p": getattr(layer, "p", 1.0)})
        continue
    keras.random.SCRIPT["uniform"][:] = case.get("uniform", [])
    keras.random.SCRIPT["normal"][:] = case.get("normal", [])
    keras.AFFINE_CALLS.clear()
    out = layer(np.asarray(case["image"], dtype=np.float64)[None], training=True)
    results.append({
        "image": np.asarray(out)[0].tolist(),
        "affine": list(keras.AFFINE_CALLS),
        "unused": len(keras.random.SCRIPT["uniform"]) + len(keras.random.SCRIPT["normal"]),
    })
print(json.dumps(results))
