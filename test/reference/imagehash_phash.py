#!/usr/bin/env python3
"""Independent reference for the perceptual hash: imagehash.phash (4.3) on PIL images, one line per file.

Debian has no python3-imagehash, so the few lines of imagehash.phash are reproduced here as its source has them
(JohannesBuchner/imagehash, imagehash/__init__.py): convert('L'), resize to 32x32 with LANCZOS, scipy.fftpack.dct
on both axes, the 8x8 lowest frequencies compared with their median. Like imagehash (and CleanVision, which opens
files with Image.open), no EXIF orientation is applied.

Usage: imagehash_phash.py FILE...   prints "<16 hex digits> <file>" per file.
"""
import sys

import numpy
import scipy.fftpack
from PIL import Image


def phash(image, hash_size=8, highfreq_factor=4):
    img_size = hash_size * highfreq_factor
    image = image.convert('L').resize((img_size, img_size), Image.LANCZOS)
    pixels = numpy.asarray(image)
    dct = scipy.fftpack.dct(scipy.fftpack.dct(pixels, axis=0), axis=1)
    dctlowfreq = dct[:hash_size, :hash_size]
    med = numpy.median(dctlowfreq)
    diff = dctlowfreq > med
    # imagehash's _binary_array_to_hex
    bit_string = ''.join(str(b) for b in 1 * diff.flatten())
    return '{:0>16x}'.format(int(bit_string, 2))


def main():
    for f in sys.argv[1:]:
        with Image.open(f) as im:
            print(phash(im), f)


if __name__ == '__main__':
    main()
