#!/usr/bin/env python3
"""Independent reference for `dataset-lens analyze`: what a user computes with PIL + numpy.

Walks ROOT (hidden entries skipped, image extensions only), opens each file with PIL, applies EXIF
orientation, converts every image to 'L' when all are grey and to 'RGB' otherwise (torchvision ImageFolder's
convert('RGB'); alpha dropped), and prints one JSON line: images, channels, mean, std (population, 0..1),
histogram. Sums are exact integers, so the figures are exact up to the final division.
"""
import json, os, sys
import numpy as np
from PIL import Image, ImageOps

EXT = ('.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.bmp')
GREY = {'L', 'LA', 'I;16', 'I;16B', 'I;16L', '1'}


def files(root):
    out = []
    for dp, dirs, fns in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith('.')]
        out += [os.path.join(dp, f) for f in fns if not f.startswith('.') and f.lower().endswith(EXT)]
    return sorted(out)


def main():
    root = sys.argv[1]
    images = []
    for f in files(root):
        try:
            im = Image.open(f)
            im.load()
            images.append(ImageOps.exif_transpose(im))
        except Exception:
            continue
    all_grey = all(im.mode in GREY for im in images)
    mode, c = ('L', 1) if all_grey else ('RGB', 3)
    s = np.zeros(c, dtype=object)
    ss = np.zeros(c, dtype=object)
    hist = np.zeros((c, 256), dtype=np.int64)
    n = 0
    for im in images:
        a = np.asarray(im.convert(mode)).reshape(-1, c).astype(np.int64)
        s += a.sum(0).astype(object)
        ss += (a * a).sum(0).astype(object)
        for k in range(c):
            hist[k] += np.bincount(a[:, k], minlength=256)
        n += a.shape[0]
    mean = [float(x) / n / 255 for x in s]
    var = [float(n * q - x * x) / (n * n) for x, q in zip(s, ss)]
    print(json.dumps({'images': len(images), 'channels': c, 'mean': mean,
                      'std': [v ** 0.5 / 255 for v in var], 'histogram': hist.tolist()}))


if __name__ == '__main__':
    main()
