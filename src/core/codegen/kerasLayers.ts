import type { Helper } from './python';

/**
 * Python definitions printed above a Keras pipeline when a step uses them: small layers, written with keras.ops
 * so they run on any backend, that reproduce dataset-lens transforms Keras has no exact built-in for. Inputs are
 * NHWC batches on the 0..255 scale. Each draws its random values per image from its own SeedGenerator.
 * Order matters: a definition comes before the ones that use it.
 */
export const KERAS_HELPERS: Readonly<Record<string, Helper>> = {
  RandomLayer: {
    code: `class RandomLayer(layers.Layer):
    """Base of the layers below: random values from its own seeded generator; identity outside training."""

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def uniform(self, shape, low=0.0, high=1.0):
        return keras.random.uniform(shape, low, high, seed=self.seed_generator)

    def normal(self, shape):
        return keras.random.normal(shape, seed=self.seed_generator)

    def call(self, x, training=True):
        return self.augment(x) if training else x
`,
  },
  luma: {
    code: `def luma(x):
    """BT.601 luma (0.299 R + 0.587 G + 0.114 B, as dataset-lens) keeping a channel axis; grey input as is."""
    if x.shape[-1] == 1:
        return x
    return ops.sum(x * ops.convert_to_tensor([0.299, 0.587, 0.114], dtype=x.dtype), axis=-1, keepdims=True)
`,
  },
  scale_about: {
    code: `def scale_about(x, f, mean):
    """(x - mean) * f + mean, clipped to 0..255: contrast about a per-image mean."""
    return ops.clip((x - mean) * f + mean, 0.0, 255.0)
`,
  },
  RandomApply: {
    code: `class RandomApply(RandomLayer):
    """Applies \`layer\` to each image with probability p (dataset-lens \`p\`)."""

    def __init__(self, layer, p, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        self.layer, self.p = layer, p

    def augment(self, x):
        mask = self.uniform((ops.shape(x)[0], 1, 1, 1)) < self.p
        return ops.where(mask, self.layer(x, training=True), x)
`,
    needs: ['RandomLayer'],
  },
  RandomPerImage: {
    code: `class RandomPerImage(RandomLayer):
    """Draws one value per image (per channel if asked) uniformly from [low, high] and returns fn(x, value)."""

    def __init__(self, fn, low, high, per_channel=False, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        self.fn, self.low, self.high, self.per_channel = fn, low, high, per_channel

    def augment(self, x):
        shape = (ops.shape(x)[0], 1, 1, ops.shape(x)[-1] if self.per_channel else 1)
        value = self.uniform(shape, self.low, self.high)
        return self.fn(x, value)
`,
    needs: ['RandomLayer'],
  },
  RandomCentredWarp: {
    code: `class RandomCentredWarp(RandomLayer):
    """dataset-lens shear or zoom about the image centre, values drawn per image.

    shear: output (x, y) reads the input at (x + tan(a) (y - cy), y + tan(b) (x - cx)), a and b in degrees
    from x_range and y_range (Keras RandomShear picks a random sign and shears about the top-left corner).
    zoom: a factor f reads an area 1 + f times as large (Keras RandomZoom), here also for a bound of -1.
    """

    def __init__(self, kind, x_range, y_range, fill_mode, interpolation, fill_value, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        self.kind, self.x_range, self.y_range = kind, x_range, y_range
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, fill_value

    def augment(self, x):
        n = ops.shape(x)[0]
        cx = (ops.cast(ops.shape(x)[2], "float32") - 1.0) / 2.0
        cy = (ops.cast(ops.shape(x)[1], "float32") - 1.0) / 2.0
        b = self.uniform((n,), *self.y_range)
        a = self.uniform((n,), *self.x_range) if self.x_range else b
        zero, one = ops.zeros((n,)), ops.ones((n,))
        if self.kind == "shear":
            tx, ty = ops.tan(a * (math.pi / 180.0)), ops.tan(b * (math.pi / 180.0))
            matrix = [one, tx, -tx * cy, ty, one, -ty * cx, zero, zero]
        else:
            zx, zy = 1.0 + a, 1.0 + b
            matrix = [zx, zero, cx * (1.0 - zx), zero, zy, cy * (1.0 - zy), zero, zero]
        return ops.image.affine_transform(
            x,
            ops.stack(matrix, axis=1),
            interpolation=self.interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
        )
`,
    needs: ['RandomLayer'],
    imports: ['import math'],
  },
  crop_resize: {
    code: `def resize_axis(start, size, out, nearest):
    """tf.image.resize sampling along one axis (half-pixel centres, no antialias) inside [start, start + size)."""
    size = ops.cast(size, "float32")[:, None]
    centre = ops.cast(ops.arange(out), "float32")[None, :] + 0.5
    scale = size / out
    if nearest:
        low = ops.minimum(ops.floor(centre * scale), size - 1.0)
        return ops.cast(start[:, None] + low, "int32"), None, None
    c = ops.minimum(ops.maximum(centre * scale - 0.5, 0.0), size - 1.0)
    low = ops.floor(c)
    high = ops.minimum(low + 1.0, size - 1.0)
    start = ops.cast(start, "float32")[:, None]
    return ops.cast(start + low, "int32"), ops.cast(start + high, "int32"), c - low


def crop_resize(x, top, left, height, width, out_height, out_width, nearest=False):
    """Crops each image's window (per-image int tensors) and resizes it to out_height x out_width."""
    y0, y1, wy = resize_axis(top, height, out_height, nearest)
    x0, x1, wx = resize_axis(left, width, out_width, nearest)

    def rows(i):
        return ops.take_along_axis(x, i[:, :, None, None], axis=1)

    def cols(r, i):
        return ops.take_along_axis(r, i[:, None, :, None], axis=2)

    if nearest:
        return cols(rows(y0), x0)
    wx, wy = wx[:, None, :, None], wy[:, :, None, None]
    r0, r1 = rows(y0), rows(y1)
    upper = cols(r0, x0) + (cols(r0, x1) - cols(r0, x0)) * wx
    lower = cols(r1, x0) + (cols(r1, x1) - cols(r1, x0)) * wx
    return upper + (lower - upper) * wy
`,
  },
  RandomResizedCrop: {
    code: `class RandomResizedCrop(RandomLayer):
    """torchvision RandomResizedCrop sampling (10 tries, then a centre crop), resized as tf.image.resize."""

    def __init__(self, size, scale, ratio, interpolation="bilinear", seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        self.size, self.scale, self.interpolation = size, scale, interpolation
        self.log_ratio, self.ratio = (math.log(ratio[0]), math.log(ratio[1])), ratio

    def augment(self, x):
        n, h, w = ops.shape(x)[0], ops.shape(x)[1], ops.shape(x)[2]
        hf, wf = ops.cast(h, "float32"), ops.cast(w, "float32")
        area = hf * wf * self.uniform((n, 10), *self.scale)
        aspect = ops.exp(self.uniform((n, 10), *self.log_ratio))
        cw, ch = ops.round(ops.sqrt(area * aspect)), ops.round(ops.sqrt(area / aspect))
        fits = (cw > 0) & (cw <= wf) & (ch > 0) & (ch <= hf)
        first = ops.argmax(ops.cast(fits, "int32"), axis=1)[:, None]
        found = ops.any(fits, axis=1)
        in_ratio = wf / hf
        fw = ops.where(in_ratio > self.ratio[1], ops.round(hf * self.ratio[1]), wf)
        fh = ops.where(in_ratio < self.ratio[0], ops.round(wf / self.ratio[0]), hf)
        cw = ops.where(found, ops.take_along_axis(cw, first, axis=1)[:, 0], fw)
        ch = ops.where(found, ops.take_along_axis(ch, first, axis=1)[:, 0], fh)
        u = self.uniform((n, 2))
        top = ops.where(found, ops.floor(u[:, 0] * (hf - ch + 1.0)), ops.floor((hf - ch) / 2.0))
        left = ops.where(found, ops.floor(u[:, 1] * (wf - cw + 1.0)), ops.floor((wf - cw) / 2.0))
        out_h, out_w = self.size if self.size else (h, w)
        top, left, ch, cw = (ops.cast(v, "int32") for v in (top, left, ch, cw))
        return crop_resize(x, top, left, ch, cw, out_h, out_w, self.interpolation == "nearest")
`,
    needs: ['RandomLayer', 'crop_resize'],
    imports: ['import math'],
  },
  RandomCrop: {
    code: `class RandomCrop(RandomLayer):
    """A random height x width window per image; a smaller image gives its largest centred window of that
    aspect ratio, resized (Keras RandomCrop draws one window per batch and crops smaller images differently)."""

    def __init__(self, height, width, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        self.height, self.width = height, width

    def augment(self, x):
        n, h, w = ops.shape(x)[0], ops.shape(x)[1], ops.shape(x)[2]
        fits = (h >= self.height) & (w >= self.width)
        # The largest window of the target aspect: exact integer arithmetic for round(target * scale).
        by_height = h * self.width <= w * self.height
        ch = ops.where(by_height, h, (2 * self.height * w + self.width) // (2 * self.width))
        cw = ops.where(by_height, (2 * self.width * h + self.height) // (2 * self.height), w)
        ch, cw = ops.where(fits, self.height, ops.maximum(ch, 1)), ops.where(fits, self.width, ops.maximum(cw, 1))
        u = self.uniform((n, 2))
        top = ops.where(fits, ops.floor(u[:, 0] * ops.cast(h - ch + 1, "float32")), ops.cast((h - ch) // 2, "float32"))
        left = ops.where(fits, ops.floor(u[:, 1] * ops.cast(w - cw + 1, "float32")), ops.cast((w - cw) // 2, "float32"))
        ones = ops.ones((n,), "int32")
        top, left, ch, cw = (ops.cast(v, "int32") * ones for v in (top, left, ch, cw))
        return crop_resize(x, top, left, ch, cw, self.height, self.width)
`,
    needs: ['RandomLayer', 'crop_resize'],
  },
  RandomHueShift: {
    code: `class RandomHueShift(RandomLayer):
    """Rotates the hue by a delta (turns) drawn per image from [low, high], as tf.image.adjust_hue; grey as is."""

    def __init__(self, low, high, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        self.low, self.high = low, high

    def augment(self, x):
        if x.shape[-1] == 1:
            return x
        delta = self.uniform((ops.shape(x)[0], 1, 1), self.low, self.high)
        hsv = ops.image.rgb_to_hsv(x / 255.0)
        hue = hsv[..., 0] + delta
        hue = hue - ops.floor(hue)
        return ops.image.hsv_to_rgb(ops.stack([hue, hsv[..., 1], hsv[..., 2]], axis=-1)) * 255.0
`,
    needs: ['RandomLayer'],
  },
  RandomGaussianNoise: {
    code: `class RandomGaussianNoise(RandomLayer):
    """Adds N(0, (s * 255)^2) noise to every sample, s drawn per image from [low, high], clipped to 0..255."""

    def __init__(self, low, high, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        self.low, self.high = low, high

    def augment(self, x):
        s = self.uniform((ops.shape(x)[0], 1, 1, 1), self.low, self.high)
        noise = self.normal(ops.shape(x))
        return ops.clip(x + s * 255.0 * noise, 0.0, 255.0)
`,
    needs: ['RandomLayer'],
  },
  RandomBlur: {
    code: `def reflect_index(i, n):
    """torch "reflect" border (c b | a b c d | c b) for any overshoot."""
    period = ops.maximum(2 * (n - 1), 1)
    m = ops.mod(i, period)
    return ops.where(m < n, m, period - m)


def blur_width(x, weights, half):
    """Convolves each image of NHWC x along its width with its own kernel (a row of weights)."""
    n, h, w, c = ops.shape(x)[0], ops.shape(x)[1], ops.shape(x)[2], ops.shape(x)[3]
    index = reflect_index(ops.arange(w)[:, None] + ops.arange(-half, half + 1)[None, :], w)
    taps = ops.reshape(ops.take(x, ops.reshape(index, (-1,)), axis=2), (n, h, w, 2 * half + 1, c))
    return ops.sum(taps * weights[:, None, None, :, None], axis=3)


class RandomBlur(RandomLayer):
    """torchvision GaussianBlur with sigma drawn per image from [low, high] and reflect borders; kernel_size 0
    gives each image a kernel of 2 * ceil(3 sigma) + 1 taps (Keras RandomGaussianBlur draws one sigma pair per
    batch and pads with zeros)."""

    def __init__(self, low, high, kernel_size=0, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        self.low, self.high, self.kernel_size = low, high, kernel_size
        self.half = kernel_size // 2 if kernel_size else math.ceil(3 * high)

    def augment(self, x):
        sigma = self.uniform((ops.shape(x)[0], 1), self.low, self.high)
        own_half = float(self.kernel_size // 2) if self.kernel_size else ops.ceil(3.0 * sigma)
        offsets = ops.cast(ops.arange(-self.half, self.half + 1), "float32")[None, :]
        weights = ops.where(ops.abs(offsets) <= own_half, ops.exp(-0.5 * ops.square(offsets / sigma)), 0.0)
        weights = weights / ops.sum(weights, axis=1, keepdims=True)
        x = blur_width(x, weights, self.half)
        return ops.transpose(blur_width(ops.transpose(x, (0, 2, 1, 3)), weights, self.half), (0, 2, 1, 3))
`,
    needs: ['RandomLayer'],
    imports: ['import math'],
  },
  RandomCutout: {
    code: `class RandomCutout(RandomLayer):
    """torchvision RandomErasing: 10 tries of an area fraction from \`scale\` and a log-uniform aspect (height /
    width) from \`ratio\`; the first that fits is filled with \`value\`, or uniform 0..255 noise when \`value\` is
    None; an image where none fits is left as is. (Keras RandomErasing draws height and width independently.)"""

    def __init__(self, scale, ratio, value=0.0, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        self.scale, self.value = scale, value
        self.log_ratio = (math.log(ratio[0]), math.log(ratio[1]))

    def augment(self, x):
        n, h, w = ops.shape(x)[0], ops.shape(x)[1], ops.shape(x)[2]
        hf, wf = ops.cast(h, "float32"), ops.cast(w, "float32")
        area = hf * wf * self.uniform((n, 10), *self.scale)
        aspect = ops.exp(self.uniform((n, 10), *self.log_ratio))
        eh, ew = ops.floor(ops.sqrt(area * aspect)), ops.round(ops.sqrt(area / aspect))
        fits = (eh > 0) & (ew > 0) & (eh < hf) & (ew < wf)
        first = ops.argmax(ops.cast(fits, "int32"), axis=1)[:, None]
        eh = ops.where(ops.any(fits, axis=1), ops.take_along_axis(eh, first, axis=1)[:, 0], 0.0)
        ew = ops.take_along_axis(ew, first, axis=1)[:, 0]
        u = self.uniform((n, 2))
        top = ops.floor(u[:, 0] * (hf - eh + 1.0))[:, None, None, None]
        left = ops.floor(u[:, 1] * (wf - ew + 1.0))[:, None, None, None]
        rows = ops.cast(ops.arange(h), "float32")[None, :, None, None]
        cols = ops.cast(ops.arange(w), "float32")[None, None, :, None]
        eh, ew = eh[:, None, None, None], ew[:, None, None, None]
        inside = (rows >= top) & (rows < top + eh) & (cols >= left) & (cols < left + ew)
        if self.value is None:
            fill = ops.floor(self.uniform(ops.shape(x), 0.0, 256.0))
        else:
            fill = ops.full_like(x, self.value)
        return ops.where(inside, fill, x)
`,
    needs: ['RandomLayer'],
    imports: ['import math'],
  },
};
