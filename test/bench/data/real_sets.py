"""Writes the real image sets the benchmarks read under one folder (default /work/data), from files Debian ships.

Run with Debian's python3 (PIL, numpy, sklearn, opencv, skimage are Debian packages, not pip):
    /usr/bin/python3 test/bench/data/real_sets.py [OUT] [--only digits,fashion,photos]

- OUT/digits/<0..9>/: sklearn's load_digits (1,797 handwritten digits, 8x8, 17 grey levels) as 32x32 grey PNGs
  (levels scaled to 0..255, PIL bilinear upscale).
- OUT/fashion_small/{train,test}/<class name>/: 2,000 / 500 Fashion-MNIST images (28x28 grey PNG), drawn without
  replacement, seeded, from the train / t10k idx files in /usr/share/datasets/fashion-mnist/, class folders named
  as in the Fashion-MNIST paper (T-shirt_top, Trouser, ...).
- OUT/photos_2k/<group>/: 2,000 JPEG crops of the real photographs shipped with sklearn and skimage, longest side
  256..640 px, in six imbalanced classes named after what the source photos show (see PHOTO_GROUPS); half written
  by PIL, half by OpenCV, quality 70..95. No crop is mirrored, so a mirrored crop is new to the set.
- OUT/edited/: 40 distinct tiles (a 2x2 grid of ten source photos, no overlap); 20 of them also re-saved at JPEG
  quality 60, resized to 90%, brightened by 30%, mirrored and cropped by 2.5% per side; OUT/edited/truth.json names
  each original's edits and the 20 distractors (test/bench/content/near_duplicates.py scores a report with it).
- OUT/noisy_labels/{digits,fashion}/<class>/: sklearn's digits (as above) and 3,000 Fashion-MNIST training images,
  5% of each moved to a random wrong class; OUT/noisy_labels/truth.json lists them as
  `{<set>: {flipped: [{file, true, given}]}}` (file relative to the set, in its given class's folder), read by
  `npm run bench:labels`.
Every file name says where it came from (source index or source photo and crop box). Seeded: the same files every
run. Writes go to a temporary folder renamed into place, so a set is either complete or absent.
"""

import gzip
import json
import os
import shutil
import sys

import cv2
import numpy as np
from PIL import Image

SEED = 17
FASHION_DIR = '/usr/share/datasets/fashion-mnist'
FASHION_CLASSES = ['T-shirt_top', 'Trouser', 'Pullover', 'Dress', 'Coat',
                   'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle_boot']
SKIMAGE_DATA = '/usr/lib/python3/dist-packages/skimage/data'
SKLEARN_IMAGES = '/usr/lib/python3/dist-packages/sklearn/datasets/images'
# class -> (source photos, images in the class): imbalanced on purpose (largest / smallest = 7).
PHOTO_GROUPS = {
    'landscape': ([f'{SKLEARN_IMAGES}/china.jpg', f'{SKIMAGE_DATA}/rocket.jpg'], 700),
    'portrait': ([f'{SKIMAGE_DATA}/astronaut.png', f'{SKIMAGE_DATA}/chelsea.png'], 450),
    'vehicle': ([f'{SKIMAGE_DATA}/motorcycle_left.png', f'{SKIMAGE_DATA}/motorcycle_right.png'], 350),
    'microscopy': ([f'{SKIMAGE_DATA}/ihc.png', f'{SKIMAGE_DATA}/retina.jpg'], 250),
    'still_life': ([f'{SKLEARN_IMAGES}/flower.jpg', f'{SKIMAGE_DATA}/coffee.png'], 150),
    'space': ([f'{SKIMAGE_DATA}/hubble_deep_field.jpg'], 100),
}


def fresh(path):
    """A temporary folder beside path; publish() renames it into place."""
    tmp = path + '.partial'
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    return tmp


def publish(tmp, path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.rename(tmp, path)


def write_digits(out):
    from sklearn.datasets import load_digits
    digits = load_digits()
    tmp = fresh(os.path.join(out, 'digits'))
    for i, (pixels, label) in enumerate(zip(digits.images, digits.target)):
        grey = np.clip(np.rint(pixels * 255.0 / 16.0), 0, 255).astype(np.uint8)
        folder = os.path.join(tmp, str(label))
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(grey, 'L').resize((32, 32), Image.BILINEAR).save(
            os.path.join(folder, f'digit_{i:04d}.png'))
    publish(tmp, os.path.join(out, 'digits'))
    return {'images': len(digits.target), 'per_class': np.bincount(digits.target).tolist()}


def read_idx(images_gz, labels_gz):
    with gzip.open(images_gz, 'rb') as f:
        data = f.read()
    count, rows, cols = (int.from_bytes(data[i:i + 4], 'big') for i in (4, 8, 12))
    images = np.frombuffer(data, np.uint8, offset=16).reshape(count, rows, cols)
    with gzip.open(labels_gz, 'rb') as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8)
    assert len(labels) == count, 'idx image and label counts differ'
    return images, labels


def write_fashion(out, rng):
    counts = {}
    tmp = fresh(os.path.join(out, 'fashion_small'))
    for split, prefix, n in (('train', 'train', 2000), ('test', 't10k', 500)):
        images, labels = read_idx(f'{FASHION_DIR}/{prefix}-images-idx3-ubyte.gz',
                                  f'{FASHION_DIR}/{prefix}-labels-idx1-ubyte.gz')
        chosen = np.sort(rng.choice(len(labels), n, replace=False))
        for index in chosen:
            folder = os.path.join(tmp, split, FASHION_CLASSES[labels[index]])
            os.makedirs(folder, exist_ok=True)
            Image.fromarray(images[index], 'L').save(os.path.join(folder, f'{prefix}_{index:05d}.png'))
        counts[split] = {FASHION_CLASSES[c]: int(k) for c, k in enumerate(np.bincount(labels[chosen], minlength=10))}
    publish(tmp, os.path.join(out, 'fashion_small'))
    return counts


def load_rgb(path):
    return np.asarray(Image.open(path).convert('RGB'))


def random_crop(photo, rng):
    """A box covering 30..90% of the photo's shorter side, aspect 3:4..4:3, scaled to a longest side of 256..640."""
    h, w = photo.shape[:2]
    side = rng.uniform(0.3, 0.9) * min(h, w)
    aspect = np.exp(rng.uniform(np.log(3 / 4), np.log(4 / 3)))
    cw = int(min(w, round(side * np.sqrt(aspect))))
    ch = int(min(h, round(side / np.sqrt(aspect))))
    x = int(rng.integers(0, w - cw + 1))
    y = int(rng.integers(0, h - ch + 1))
    longest = int(rng.integers(256, 641))
    scale = longest / max(cw, ch)
    size = (max(1, round(cw * scale)), max(1, round(ch * scale)))
    crop = Image.fromarray(photo[y:y + ch, x:x + cw]).resize(size, Image.LANCZOS)
    return np.asarray(crop), (x, y, cw, ch)


def write_photos(out, rng):
    tmp = fresh(os.path.join(out, 'photos_2k'))
    counts = {}
    for group, (sources, n) in PHOTO_GROUPS.items():
        photos = [(os.path.splitext(os.path.basename(p))[0], load_rgb(p)) for p in sources]
        folder = os.path.join(tmp, group)
        os.makedirs(folder)
        for i in range(n):
            name, photo = photos[i % len(photos)]
            crop, (x, y, cw, ch) = random_crop(photo, rng)
            quality = int(rng.integers(70, 96))
            file = os.path.join(folder, f'{name}_{i:04d}_{x}_{y}_{cw}x{ch}.jpg')
            if i % 2 == 0:
                Image.fromarray(crop).save(file, quality=quality)
            else:
                ok, encoded = cv2.imencode('.jpg', cv2.cvtColor(crop, cv2.COLOR_RGB2BGR),
                                           [cv2.IMWRITE_JPEG_QUALITY, quality])
                assert ok, f'OpenCV could not encode {file}'
                with open(file, 'wb') as f:
                    f.write(encoded.tobytes())
        counts[group] = n
    publish(tmp, os.path.join(out, 'photos_2k'))
    return counts


EDIT_SOURCES = [f'{SKLEARN_IMAGES}/china.jpg', f'{SKLEARN_IMAGES}/flower.jpg', f'{SKIMAGE_DATA}/astronaut.png',
                f'{SKIMAGE_DATA}/chelsea.png', f'{SKIMAGE_DATA}/coffee.png', f'{SKIMAGE_DATA}/motorcycle_left.png',
                f'{SKIMAGE_DATA}/rocket.jpg', f'{SKIMAGE_DATA}/retina.jpg', f'{SKIMAGE_DATA}/ihc.png',
                f'{SKIMAGE_DATA}/hubble_deep_field.jpg']


def write_edited(out, rng):
    from PIL import ImageEnhance, ImageOps
    tmp = fresh(os.path.join(out, 'edited'))
    tiles = []
    for source in EDIT_SOURCES:
        photo = Image.fromarray(load_rgb(source))
        w, h = photo.size
        name = os.path.splitext(os.path.basename(source))[0]
        for row in range(2):
            for col in range(2):
                box = (col * w // 2, row * h // 2, (col + 1) * w // 2, (row + 1) * h // 2)
                tiles.append((f'{name}_tile{row}{col}.jpg', photo.crop(box)))
    order = rng.permutation(len(tiles))
    truth = {'originals': {}, 'distractors': []}
    for rank, index in enumerate(order):
        name, tile = tiles[index]
        tile.save(os.path.join(tmp, name), quality=90)
        if rank >= 20:
            truth['distractors'].append(name)
            continue
        stem = name[:-4]
        w, h = tile.size
        dx, dy = round(w * 0.025), round(h * 0.025)
        edits = {
            'jpeg_q60': (tile, 60),
            'resized_90': (tile.resize((round(w * 0.9), round(h * 0.9)), Image.LANCZOS), 90),
            'brightened_30': (ImageEnhance.Brightness(tile).enhance(1.3), 90),
            'mirrored': (ImageOps.mirror(tile), 90),
            'cropped_2_5': (tile.crop((dx, dy, w - dx, h - dy)), 90),
        }
        truth['originals'][name] = {'edits': {}}
        for kind, (image, quality) in edits.items():
            file = f'{stem}_{kind}.jpg'
            image.save(os.path.join(tmp, file), quality=quality)
            truth['originals'][name]['edits'][kind] = file
    with open(os.path.join(tmp, 'truth.json'), 'w') as f:
        json.dump(truth, f, indent=1)
    publish(tmp, os.path.join(out, 'edited'))
    return {'tiles': len(tiles), 'edited': 20 * 5}


def flip_labels(images, labels, classes, rate, rng):
    """Moves `rate` of the images to a random other class; returns the given labels and the flipped indices."""
    given = labels.copy()
    flipped = rng.choice(len(labels), round(rate * len(labels)), replace=False)
    for i in flipped:
        given[i] = rng.choice([c for c in range(len(classes)) if c != labels[i]])
    return given, sorted(flipped.tolist())


def write_noisy(out, rng):
    from sklearn.datasets import load_digits
    tmp = fresh(os.path.join(out, 'noisy_labels'))
    truth = {}
    digits = load_digits()
    digit_images = [Image.fromarray(np.clip(np.rint(p * 255.0 / 16.0), 0, 255).astype(np.uint8), 'L')
                    .resize((32, 32), Image.BILINEAR) for p in digits.images]
    images, labels = read_idx(f'{FASHION_DIR}/train-images-idx3-ubyte.gz', f'{FASHION_DIR}/train-labels-idx1-ubyte.gz')
    chosen = np.sort(rng.choice(len(labels), 3000, replace=False))
    sets = {
        'digits': ([str(d) for d in range(10)], digit_images, np.asarray(digits.target),
                   [f'digit_{i:04d}.png' for i in range(len(digits.target))]),
        'fashion': (FASHION_CLASSES, [Image.fromarray(images[i], 'L') for i in chosen], labels[chosen].astype(int),
                    [f'train_{i:05d}.png' for i in chosen]),
    }
    for name, (classes, pictures, true_labels, files) in sets.items():
        given, flipped = flip_labels(pictures, true_labels, classes, 0.05, rng)
        for picture, label, file in zip(pictures, given, files):
            folder = os.path.join(tmp, name, classes[label])
            os.makedirs(folder, exist_ok=True)
            picture.save(os.path.join(folder, file))
        truth[name] = {'flipped': [{'file': f'{classes[given[i]]}/{files[i]}', 'true': classes[true_labels[i]],
                                    'given': classes[given[i]]} for i in flipped]}
    with open(os.path.join(tmp, 'truth.json'), 'w') as f:
        json.dump(truth, f, indent=1)
    publish(tmp, os.path.join(out, 'noisy_labels'))
    return {name: len(t['flipped']) for name, t in truth.items()}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--only')]
    only = next((a.split('=', 1)[1] for a in sys.argv[1:] if a.startswith('--only=')), 'digits,fashion,photos,edited,noisy')
    out = args[0] if args else '/work/data'
    os.makedirs(out, exist_ok=True)
    summary = {}
    # One generator per set, so writing one set alone gives the same files as writing them all.
    if 'digits' in only:
        summary['digits'] = write_digits(out)
    if 'fashion' in only:
        summary['fashion_small'] = write_fashion(out, np.random.default_rng(SEED))
    if 'photos' in only:
        summary['photos_2k'] = write_photos(out, np.random.default_rng(SEED + 1))
    if 'edited' in only:
        summary['edited'] = write_edited(out, np.random.default_rng(SEED + 2))
    if 'noisy' in only:
        summary['noisy_labels'] = write_noisy(out, np.random.default_rng(SEED + 3))
    print(json.dumps(summary, indent=1))


if __name__ == '__main__':
    main()
