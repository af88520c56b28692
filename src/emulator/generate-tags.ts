import type { SwrTag } from '../swr/wire/tag.js';
import type { RepoRecord } from './account-model.js';
import { Rng } from './random.js';
import { formatInstant, type Instant } from './timestamps.js';

/** A tag as the emulator stores it: the wire object plus its sortable update time. */
export interface TagRecord {
  readonly tag: SwrTag;
  readonly updated: Instant;
}

const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
const MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

function manifestText(rng: Rng, size: number, tagType: number): string {
  if (tagType === 1) {
    const manifests = ['amd64', 'arm64'].map((architecture) => ({
      mediaType: MANIFEST_V2,
      size: rng.int(500, 2500),
      digest: `sha256:${rng.hex(64)}`,
      platform: { architecture, os: 'linux' },
    }));
    return JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_LIST, manifests });
  }
  const layerCount = rng.int(2, 6);
  const layers = Array.from({ length: layerCount }, () => ({
    mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    size: Math.max(1, Math.floor(size / layerCount)),
    digest: `sha256:${rng.hex(64)}`,
  }));
  const config = {
    mediaType: 'application/vnd.docker.container.image.v1+json',
    size: rng.int(1500, 9000),
    digest: `sha256:${rng.hex(64)}`,
  };
  return JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST_V2, config, layers });
}

/**
 * The tag records of a repository, one per name in `record.item.tags` (newest first), derived from
 * the repository's seed. The two newest tags share the repository's update time, as a push of
 * `latest` together with a version tag would.
 */
export function generateTags(record: RepoRecord): TagRecord[] {
  const rng = new Rng(`${record.seed}/tags`);
  const names = record.item.tags;
  const span = record.updated.seconds - record.created.seconds;
  return names.map((name, index) => {
    const updated: Instant =
      index <= 1
        ? record.updated
        : {
            seconds:
              record.created.seconds + Math.floor((span * (names.length - index)) / names.length),
            nanos: rng.chance(0.35) ? rng.int(1, 999_999_999) : 0,
          };
    const created = name === 'latest' ? record.created : updated;
    const tagType = rng.chance(0.15) ? 1 : 0;
    const size = rng.int(Math.max(1, Math.floor(record.item.size * 0.4)), record.item.size);
    const tag: SwrTag = {
      id: record.id * 1000 + index,
      repo_id: record.id,
      Tag: name,
      image_id: rng.hex(64),
      manifest: manifestText(rng, size, tagType),
      digest: `sha256:${rng.hex(64)}`,
      schema: tagType === 1 || rng.chance(0.95) ? 2 : 1,
      path: `${record.item.path}:${name}`,
      internal_path: `${record.item.internal_path}:${name}`,
      size,
      is_trusted: rng.chance(0.1),
      created: formatInstant(created),
      updated: formatInstant(updated),
      deleted: null,
      domain_id: record.owner.domainId,
      scanned: rng.chance(0.6),
      tag_type: tagType,
    };
    return { tag, updated };
  });
}
