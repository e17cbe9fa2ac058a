"""A stand-in for Keras 3 in the codegen tests (Keras is not installable here): just enough to run generated code.

Names come from keras-team/keras at commit 3422977a5e38fb2f7709aaa9a08e47f0c43d0f60 (3.16.0):
- keras.ops: keras/api/ops/__init__.py and keras/api/ops/image/__init__.py. Each op here is numpy with the
  numpy semantics Keras documents (ops.round halves to even, ops.mod takes the divisor's sign); an op missing
  here is an AttributeError, so generated code naming an op Keras lacks fails.
- Built-in layers: the __init__ signatures of keras/src/layers/preprocessing/image_preprocessing/random_*.py,
  keras/src/layers/preprocessing/{rescaling,normalization}.py and keras/src/layers/core/lambda_layer.py. Each
  checks its arguments as that file does (factor bounds, sorting) and records the range it would sample, so a
  test can compare it with the pipeline's; calling a built-in layer is not simulated.
- keras.random.uniform / normal draw from a script the test sets (unit draws in [0, 1) and standard normals), so
  a custom layer can be replayed against dataset-lens with the same random numbers.
"""
import colorsys
import inspect
import sys
import types

import numpy as np

# ---------------------------------------------------------------- random
random = types.ModuleType("keras.random")
SCRIPT = {"uniform": [], "normal": []}


class SeedGenerator:
    def __init__(self, seed=None, name=None, **kwargs):
        self.seed = seed


def _draw(kind, shape):
    size = int(np.prod(shape))
    queue = SCRIPT[kind]
    if len(queue) < size:
        raise AssertionError(f"script has {len(queue)} {kind} draws, layer asked for {size} (shape {shape})")
    values = [queue.pop(0) for _ in range(size)]
    return np.asarray(values, dtype=np.float64).reshape(tuple(int(s) for s in shape))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    assert isinstance(seed, SeedGenerator), "every draw is seeded"
    return minval + (maxval - minval) * _draw("uniform", shape)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    assert isinstance(seed, SeedGenerator), "every draw is seeded"
    return mean + stddev * _draw("normal", shape)


random.SeedGenerator, random.uniform, random.normal, random.SCRIPT = SeedGenerator, uniform, normal, SCRIPT

# ---------------------------------------------------------------- ops
ops = types.ModuleType("keras.ops")
image = types.ModuleType("keras.ops.image")
AFFINE_CALLS = []


def _shape(x):
    return tuple(np.shape(x))


def _cast(x, dtype):
    return np.asarray(x).astype(np.int64 if "int" in str(dtype) else np.float64)


def _take_along_axis(x, indices, axis):
    x, indices = np.asarray(x), np.asarray(indices)
    shape = list(np.broadcast_shapes(tuple(1 if i == axis % x.ndim else s for i, s in enumerate(x.shape)),
                                     tuple(1 if i == axis % x.ndim else s for i, s in enumerate(indices.shape))))
    xs, ix = list(shape), list(shape)
    xs[axis], ix[axis] = x.shape[axis], indices.shape[axis]
    return np.take_along_axis(np.broadcast_to(x, xs), np.broadcast_to(indices, ix), axis=axis)


def _affine_transform(images, transform, interpolation="bilinear", fill_mode="constant", fill_value=0,
                      data_format=None):
    AFFINE_CALLS.append({"transform": np.asarray(transform).tolist(), "interpolation": interpolation,
                         "fill_mode": fill_mode, "fill_value": fill_value})
    return images


def _rgb_to_hsv(x, data_format=None):
    flat = np.asarray(x, dtype=np.float64).reshape(-1, 3)
    return np.array([colorsys.rgb_to_hsv(*p) for p in flat]).reshape(np.shape(x))


def _hsv_to_rgb(x, data_format=None):
    flat = np.asarray(x, dtype=np.float64).reshape(-1, 3)
    return np.array([colorsys.hsv_to_rgb(*p) for p in flat]).reshape(np.shape(x))


OPS = {
    "abs": np.abs, "any": lambda x, axis=None: np.any(x, axis=axis), "arange": lambda *a, **k: np.arange(*a),
    "argmax": lambda x, axis=None: np.argmax(x, axis=axis), "cast": _cast, "ceil": np.ceil, "clip": np.clip,
    "convert_to_tensor": lambda x, dtype=None: np.asarray(x, dtype=np.float64), "exp": np.exp, "flip": np.flip,
    "floor": np.floor, "full_like": lambda x, v, dtype=None: np.full_like(np.asarray(x, np.float64), v),
    "maximum": np.maximum, "mean": lambda x, axis=None, keepdims=False: np.mean(x, axis=axis, keepdims=keepdims),
    "minimum": np.minimum, "mod": np.mod, "ones": lambda s, dtype=None: np.ones(s, dtype=np.int64 if dtype and
    "int" in dtype else np.float64), "power": np.power, "repeat": lambda x, r, axis=None: np.repeat(x, r, axis),
    "reshape": lambda x, s: np.reshape(x, tuple(int(v) for v in s)), "round": np.round, "shape": _shape,
    "sqrt": np.sqrt, "square": np.square, "stack": lambda xs, axis=0: np.stack(np.broadcast_arrays(*xs), axis),
    "sum": lambda x, axis=None, keepdims=False: np.sum(x, axis=axis, keepdims=keepdims),
    "take": lambda x, i, axis=None: np.take(x, i, axis=axis), "take_along_axis": _take_along_axis,
    "tan": np.tan, "transpose": np.transpose, "where": np.where, "zeros": lambda s, dtype=None: np.zeros(s),
}
for _name, _fn in OPS.items():
    setattr(ops, _name, _fn)
image.affine_transform, image.rgb_to_hsv, image.hsv_to_rgb = _affine_transform, _rgb_to_hsv, _hsv_to_rgb
ops.image = image

# ---------------------------------------------------------------- layers
layers = types.ModuleType("keras.layers")


class Layer:
    def __init__(self, name=None, dtype=None, trainable=True, **kwargs):
        assert not kwargs, f"unknown Layer arguments {sorted(kwargs)}"

    def __call__(self, x, training=True):
        return self.call(x, training=training)


def _sorted_pair(factor, low, high, name, bound_check="each"):
    """BaseImagePreprocessingLayer._set_factor (and the per-layer variants): a pair is sorted after checks."""
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(f"{name}: two numbers expected")
        if bound_check == "each":
            for f in factor:
                if f < low or f > high:
                    raise ValueError(f"{name}={factor} outside [{low}, {high}]")
        elif factor[0] > high or factor[1] < low:
            raise ValueError(f"{name}={factor} outside [{low}, {high}]")
        return tuple(sorted(factor))
    if factor < low or factor > high:
        raise ValueError(f"{name}={factor} outside [{low}, {high}]")
    return (max(-abs(factor), low), abs(factor))


class BuiltIn(Layer):
    """Records a Keras built-in's arguments and the range it would sample ("samples")."""

    def __call__(self, x, training=True):
        raise NotImplementedError(f"{type(self).__name__} is a Keras built-in: not simulated")


class RandomFlip(BuiltIn):
    def __init__(self, mode="horizontal_and_vertical", seed=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        assert mode in ("horizontal", "vertical", "horizontal_and_vertical")
        self.samples = {"mode": mode, "p": 0.5}


class RandomRotation(BuiltIn):
    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0,
                 data_format=None, **kwargs):
        super().__init__(**kwargs)
        lo, hi = _sorted_pair(factor, -1, 1, "factor", "ends")
        self.samples = {"degrees": [lo * 360.0, hi * 360.0], "fill": fill_mode, "interpolation": interpolation,
                        "fillValue": fill_value}


class RandomTranslation(BuiltIn):
    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.samples = {"y": list(_sorted_pair(height_factor, -1, 1, "height_factor")),
                        "x": list(_sorted_pair(width_factor, -1, 1, "width_factor")), "fill": fill_mode,
                        "interpolation": interpolation, "fillValue": fill_value}


class RandomZoom(BuiltIn):
    def __init__(self, height_factor, width_factor=None, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(**kwargs)
        for f in (height_factor, width_factor):
            if f is not None and min(f) <= -1.0:
                raise ValueError("RandomZoom factors must be > -1")
        h = _sorted_pair(height_factor, -1, 1, "height_factor")
        self.samples = {"height": list(h), "width": list(_sorted_pair(width_factor, -1, 1, "width_factor"))
                        if width_factor is not None else None, "fill": fill_mode, "interpolation": interpolation,
                        "fillValue": fill_value}


class RandomBrightness(BuiltIn):
    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        lo, hi = _sorted_pair(factor, -1, 1, "factor", "ends")
        span = value_range[1] - value_range[0]
        self.samples = {"add255": [lo * span, hi * span]}


class RandomContrast(BuiltIn):
    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        lo, hi = _sorted_pair(factor, 0, 1, "factor", "ends")
        assert tuple(value_range) == (0, 255)
        self.samples = {"factor": [1.0 - lo, 1.0 + hi]}


class RandomHue(BuiltIn):
    def __init__(self, factor, value_range=(0, 255), data_format=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        lo, hi = _sorted_pair(factor, 0, 1, "factor", "ends")
        assert tuple(value_range) == (0, 255)
        # delta = random sign * uniform(lo, hi) * 0.5: uniform on [-hi/2, hi/2] only when lo == 0.
        self.samples = {"delta": [-hi * 0.5, hi * 0.5] if lo == 0 else None}


class RandomShear(BuiltIn):
    """random_shear.py: each factor bound must lie in [0, 1]; the sign is then drawn at random per image and the
    shear is about the top-left corner, so no setting reproduces a shear about the centre."""

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear", fill_mode="reflect", fill_value=0.0,
                 data_format=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        for factor in (x_factor, y_factor):
            for f in factor if isinstance(factor, (tuple, list)) else [factor]:
                if f > 1.0 or f < 0.0:
                    raise ValueError(f"RandomShear factors must be in [0, 1], received {factor}")
        self.samples = {"about": "top-left corner, random sign"}


class Rescaling(BuiltIn):
    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.samples = {"scale": scale, "offset": offset}


class Normalization(BuiltIn):
    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        self.samples = {"mean": mean, "variance": variance}


class Lambda(Layer):
    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        self.function = function

    def call(self, x, training=True):
        return self.function(x)


for _cls in (Layer, RandomFlip, RandomRotation, RandomTranslation, RandomZoom, RandomBrightness, RandomContrast,
             RandomHue, RandomShear, Rescaling, Normalization, Lambda):
    setattr(layers, _cls.__name__, _cls)


class Sequential:
    def __init__(self, layers=None, trainable=True, name=None):
        self.layers = list(layers or [])
        self.name = name


this = sys.modules[__name__]
this.layers, this.ops, this.random, this.Sequential = layers, ops, random, Sequential
sys.modules["keras.layers"], sys.modules["keras.ops"], sys.modules["keras.random"] = layers, ops, random
sys.modules["keras.ops.image"] = image
BUILT_INS = {name: inspect.signature(cls.__init__) for name, cls in vars(layers).items() if isinstance(cls, type)}
