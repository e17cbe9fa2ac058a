import { runPython } from './python';

/**
 * Writes MNIST idx pairs (gzip) and the same images as a PNG folder written by PIL (`pngRoot/<split>/<label>/
 * <index>.png`): the folder whose statistics a container's must equal. Images: seeded random grey pixels, rows
 * != cols (so a transposed reader shows), with a repeated image (an exact duplicate) and a black one.
 */
export function writeIdxAndPngs(
  idxDir: string,
  pngRoot: string,
  counts: Record<string, number>,
): { pngOf: (member: string) => string } {
  const labels = runPython<Record<string, number[]>>(IDX_SCRIPT, { idxDir, pngRoot, counts });
  return {
    /** `t10k-images-idx3-ubyte.gz#12` -> `test/<its label>/12.png` */
    pngOf: (member) => {
      const [container, index] = member.split('#');
      const prefix = container.split('-')[0];
      const split = prefix === 't10k' ? 'test' : prefix;
      return `${split}/${labels[prefix][Number(index)]}/${index}.png`;
    },
  };
}

const IDX_SCRIPT = String.raw`
import gzip, json, os, struct, sys
import numpy as np
from PIL import Image
args = json.load(sys.stdin)
rng = np.random.default_rng(7)
rows, cols = 9, 7
written = {}
os.makedirs(args['idxDir'], exist_ok=True)
for prefix, n in args['counts'].items():
    images = rng.integers(0, 256, size=(n, rows, cols), dtype=np.uint8)
    images[1] = images[0]
    images[2] = 0
    labels = rng.integers(0, 3, size=n, dtype=np.uint8)
    with gzip.open(os.path.join(args['idxDir'], prefix + '-images-idx3-ubyte.gz'), 'wb') as f:
        f.write(struct.pack('>IIII', 0x803, n, rows, cols) + images.tobytes())
    with gzip.open(os.path.join(args['idxDir'], prefix + '-labels-idx1-ubyte.gz'), 'wb') as f:
        f.write(struct.pack('>II', 0x801, n) + labels.tobytes())
    written[prefix] = labels.tolist()
    split = 'test' if prefix == 't10k' else prefix
    for i in range(n):
        folder = os.path.join(args['pngRoot'], split, str(labels[i]))
        os.makedirs(folder, exist_ok=True)
        Image.fromarray(images[i], mode='L').save(os.path.join(folder, '%d.png' % i))
print(json.dumps(written))
`;

/**
 * Writes an image folder with PIL (`folder/<split>/<class>/<name>`: RGB and grey PNGs, RGB JPEGs, one exact
 * duplicate, sizes that differ) and lists its files by split, classes sorted, then names: the rows a container
 * of the same images holds, in order.
 */
export function writeImageFolder(
  folder: string,
  perClass: number,
): { split: string; className: string; file: string }[] {
  return runPython(FOLDER_SCRIPT, { folder, perClass });
}

const FOLDER_SCRIPT = String.raw`
import json, os, sys
import numpy as np
from PIL import Image
args = json.load(sys.stdin)
rng = np.random.default_rng(11)
rows = []
first = None
for split, classes in (('train', ('cat', 'dog', 'eel')), ('test', ('cat', 'dog', 'eel'))):
    for c, name in enumerate(classes):
        n = args['perClass'] if split == 'train' else max(2, args['perClass'] // 3)
        for i in range(n):
            h, w = int(rng.integers(6, 30)), int(rng.integers(6, 30))
            folder = os.path.join(args['folder'], split, name)
            os.makedirs(folder, exist_ok=True)
            if i % 4 == 3:
                file = '%s_%02d.jpg' % (name, i)
                Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8)).save(os.path.join(folder, file), quality=90)
            elif i % 4 == 2:
                file = '%s_%02d.png' % (name, i)
                Image.fromarray(rng.integers(0, 256, (h, w), dtype=np.uint8), mode='L').save(os.path.join(folder, file))
            else:
                file = '%s_%02d.png' % (name, i)
                pixels = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
                if first is None:
                    first = pixels
                elif split == 'test' and i == 0:
                    pixels = first
                Image.fromarray(pixels).save(os.path.join(folder, file))
            rows.append({'split': split, 'className': name, 'file': '%s/%s/%s' % (split, name, file)})
print(json.dumps(rows))
`;

/**
 * Writes WebDataset shards with Python's tarfile: `shards` maps a shard name to the folder files it holds (in
 * order), each stored as `<key>.<ext>` with its label in `<key>.cls` (the class as text) or, with `json`, in
 * `<key>.json` ({"label": class}). Keys: `s<shard index>_<position>`. Returns each member's folder file.
 */
export function writeShards(
  dir: string,
  folder: string,
  shards: Record<string, { file: string; className: string }[]>,
  labelAs: 'cls' | 'json' | 'cls-index',
  classNames: string[] = [],
): Map<string, string> {
  const members = runPython<Record<string, string>>(TAR_SCRIPT, { dir, folder, shards, labelAs, classNames });
  return new Map(Object.entries(members));
}

const TAR_SCRIPT = String.raw`
import io, json, os, sys, tarfile
args = json.load(sys.stdin)
os.makedirs(args['dir'], exist_ok=True)
members = {}
def add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 1700000000
    tar.addfile(info, io.BytesIO(data))
for s, (shard, files) in enumerate(sorted(args['shards'].items())):
    with tarfile.open(os.path.join(args['dir'], shard), 'w', format=tarfile.USTAR_FORMAT) as tar:
        for k, f in enumerate(files):
            key = 'sample/s%d_%04d' % (s, k)
            ext = f['file'].rsplit('.', 1)[1]
            with open(os.path.join(args['folder'], f['file']), 'rb') as fh:
                add(tar, key + '.' + ext, fh.read())
            if args['labelAs'] == 'json':
                add(tar, key + '.json', json.dumps({'label': f['className'], 'source': f['file']}).encode())
            elif args['labelAs'] == 'cls-index':
                add(tar, key + '.cls', str(args['classNames'].index(f['className'])).encode())
            else:
                add(tar, key + '.cls', f['className'].encode())
            members['%s#%s.%s' % (shard, key, ext)] = f['file']
print(json.dumps(members))
`;
