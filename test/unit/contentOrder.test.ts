import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContentCollector } from '../../src/core/content/contentCollector';
import { CONTENT_MODEL } from '../../src/core/content/contentModel';
import { CONFIRM_THUMB_SIZE } from '../../src/core/content/modelInput';
import { encodeVector, type ContentRecord } from '../../src/core/records/contentRecord';
import { createRng } from '../../src/core/util/rng';

const CLASSES = ['shirt', 'bag', 'coat', 'ankle boot'];
const IMAGES = 400;
const MODEL = 'test-model';

interface Image {
  file: string;
  label: string;
  record: ContentRecord;
}

/**
 * Clustered vectors (one centre per class), about 6% of labels moved to another class, and a few images with a
 * re-encoded copy (a nearby vector, the same thumbnail): enough for label issues, outliers and near duplicates.
 */
function dataset(): Image[] {
  const rng = createRng(11);
  const dims = CONTENT_MODEL.dims;
  const centres = CLASSES.map(() => Float32Array.from({ length: dims }, () => rng.next() * 2));
  const images: Image[] = [];
  for (let i = 0; i < IMAGES; i++) {
    const c = i % CLASSES.length;
    const copyOf = i % 50 === 49 ? images[i - 1] : undefined;
    const vector = Float32Array.from({ length: dims }, (_, d) =>
      copyOf ? 0 : Math.max(0, centres[c][d] + (rng.next() - 0.5) * 1.6),
    );
    const thumb = Uint8Array.from({ length: CONFIRM_THUMB_SIZE ** 2 }, () => rng.int(0, 255));
    const noisy = rng.next() < 0.06;
    const label = CLASSES[noisy ? (c + 1 + rng.int(0, CLASSES.length - 2)) % CLASSES.length : c];
    const record: ContentRecord = copyOf
      ? { ...copyOf.record, thumb: copyOf.record.thumb }
      : { model: MODEL, ...encodeVector(vector), thumb };
    images.push({ file: `${label}/img${String(i).padStart(4, '0')}.png`, label, record });
  }
  return images;
}

/** What the user sees of the findings, by file name. */
function findings(images: Image[], approximateAbove?: number) {
  const collector = new ContentCollector(MODEL, { approximateAbove, threads: 1 });
  images.forEach((image, id) => collector.add(id, image.label, undefined, 64, image.record));
  // Only a fifth may pair up (each copy and its original among them): comparing thumbnails is the slow part.
  const found = collector.finish(
    (id) => images[id].file,
    (id) => /[89]\.png$/.test(images[id].file),
  );
  return {
    report: found.report,
    labelIssues: found.labelIssues,
    nearGroups: found.nearGroups.map((g) => ({
      ...g,
      members: g.members.map((id) => images[id].file).sort(),
    })),
    map: found.mapInput && { files: found.mapInput.files, values: Array.from(found.mapInput.values) },
  };
}

/** The same images as the workers might hand them over: in another order, classes first met in another order. */
function shuffled(images: Image[]): Image[] {
  const rng = createRng(5);
  const copy = [...images];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

test('content findings do not depend on the order the images arrive in (exact search)', () => {
  const images = dataset();
  const inOrder = findings(images);
  assert.ok(inOrder.labelIssues.length > 0, 'the set has label issues to find');
  assert.ok(inOrder.nearGroups.length > 0, 'the set has near duplicates to find');
  assert.deepEqual(findings(shuffled(images)), inOrder);
  assert.deepEqual(findings([...images].reverse()), inOrder);
});

test('content findings do not depend on the order the images arrive in (approximate index)', () => {
  const images = dataset();
  const inOrder = findings(images, 100);
  assert.equal(inOrder.report.nearDuplicates?.search, 'approximate');
  assert.deepEqual(findings(shuffled(images), 100), inOrder);
});

test('given a comparison of files, the name order decodes no name: the same findings, no name asked before the search', () => {
  const images = dataset();
  const expected = findings(images);
  const collector = new ContentCollector(MODEL, { threads: 1 });
  images.forEach((image, id) => collector.add(id, image.label, undefined, 64, image.record));
  let searched = false;
  let namesBeforeSearch = 0;
  const fileOf = (id: number) => {
    if (!searched) namesBeforeSearch++;
    return images[id].file;
  };
  const found = collector.finish(
    fileOf,
    (id) => {
      searched = true;
      return /[89]\.png$/.test(images[id].file);
    },
    (a, b) => (images[a].file < images[b].file ? -1 : images[a].file > images[b].file ? 1 : 0),
  );
  assert.equal(namesBeforeSearch, 0, 'names decoded to put the images in order');
  assert.deepEqual(found.labelIssues, expected.labelIssues);
  assert.deepEqual(found.report, expected.report);
  assert.deepEqual(found.mapInput?.files, expected.map?.files);
});

test('a file name is asked for once per place it is shown: none to order the outliers, one per listed image', () => {
  // Two copies of one odd image: tied as the most atypical, both overall and in their class.
  const rng = createRng(3);
  const odd: ContentRecord = {
    model: MODEL,
    ...encodeVector(Float32Array.from({ length: CONTENT_MODEL.dims }, () => (rng.next() < 0.1 ? 9 : 0))),
    thumb: new Uint8Array(CONFIRM_THUMB_SIZE ** 2),
  };
  const images = [
    ...dataset(),
    { file: 'shirt/odd1.png', label: 'shirt', record: odd },
    { file: 'shirt/odd2.png', label: 'shirt', record: odd },
  ];
  const collector = new ContentCollector(MODEL, { threads: 1 });
  images.forEach((image, id) => collector.add(id, image.label, undefined, 64, image.record));
  const asked = new Map<string, number>();
  const found = collector.finish(
    (id) => {
      asked.set(images[id].file, (asked.get(images[id].file) ?? 0) + 1);
      return images[id].file;
    },
    (id) => /[89]\.png$/.test(images[id].file),
    (a, b) => (images[a].file < images[b].file ? -1 : images[a].file > images[b].file ? 1 : 0),
  );
  const outliers = found.report.outliers!;
  const listed = [...outliers.overall, ...outliers.byClass.flatMap((c) => c.images)].map((e) => e.file);
  // The case exercises what it should: tied scores, listed both overall and in their class, in name order.
  assert.deepEqual(
    outliers.overall.slice(0, 2).map((e) => e.file),
    ['shirt/odd1.png', 'shirt/odd2.png'],
  );
  assert.equal(outliers.overall[0].score, outliers.overall[1].score);
  const inClass = outliers.byClass.find((c) => c.class === 'shirt')!.images.map((e) => e.file);
  assert.ok(inClass.includes('shirt/odd1.png'), `${inClass.join(', ')}: the odd image in its class too`);
  const shown = new Map<string, number>();
  const show = (file: string) => shown.set(file, (shown.get(file) ?? 0) + 1);
  found.mapInput!.files.forEach(show);
  found.labelIssues.forEach((issue) => show(issue.file));
  new Set(listed).forEach(show);
  const files = new Set([...asked.keys(), ...shown.keys()]);
  const differ = [...files].filter((file) => asked.get(file) !== shown.get(file));
  assert.deepEqual(
    differ.map((file) => `${file}: asked ${asked.get(file) ?? 0}, shown ${shown.get(file) ?? 0}`),
    [],
  );
});
