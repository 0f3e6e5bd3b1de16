// Reads entries of a zip archive held in memory. fflate's unzip does not expose each entry's
// external attributes, and those carry the Unix mode bits that keep bundled binaries executable,
// so the central directory is read here and fflate only inflates the data.

import { crc32 } from 'node:zlib';
import { inflateSync } from 'fflate';
import { EngineError } from './engine-error.ts';

export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflate. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc32: number;
  /** Unix mode (`external_attr >> 16`); 0 when the archive was not made on Unix. */
  readonly mode: number;
  readonly localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const CREATED_ON_UNIX = 3;
const ZIP64_MARKER = 0xffffffff;

export function readZipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = findEndOfCentralDirectory(view);
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (offset === ZIP64_MARKER) throw new EngineError('zip64 archives are not supported');

  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(offset, true) !== CENTRAL_DIRECTORY_HEADER) {
      throw new EngineError(`corrupt zip: no central directory header at byte ${offset}`);
    }
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const localHeaderOffset = view.getUint32(offset + 42, true);
    if ([compressedSize, size, localHeaderOffset].includes(ZIP64_MARKER)) {
      throw new EngineError('zip64 archives are not supported');
    }
    const createdOn = view.getUint8(offset + 5);
    entries.push({
      name: new TextDecoder().decode(zip.subarray(offset + 46, offset + 46 + nameLength)),
      method: view.getUint16(offset + 10, true),
      compressedSize,
      size,
      crc32: view.getUint32(offset + 16, true),
      mode: createdOn === CREATED_ON_UNIX ? view.getUint32(offset + 38, true) >>> 16 : 0,
      localHeaderOffset,
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's uncompressed bytes, checked against the size and CRC the archive records. */
export function readZipEntryData(zip: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const header = entry.localHeaderOffset;
  if (view.getUint32(header, true) !== LOCAL_FILE_HEADER) {
    throw new EngineError(`corrupt zip: no local header for ${entry.name}`);
  }
  // The local header's own name/extra lengths may differ from the central directory's.
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const raw = zip.subarray(start, start + entry.compressedSize);

  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) data = inflateSync(raw, { out: new Uint8Array(entry.size) });
  else throw new EngineError(`unsupported zip compression method ${entry.method} for ${entry.name}`);

  if (data.length !== entry.size || crc32(data) >>> 0 !== entry.crc32) {
    throw new EngineError(`corrupt zip: ${entry.name} does not match its recorded size and CRC`);
  }
  return data;
}

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of up to 65535 bytes, so scan backwards from the end.
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let offset = view.byteLength - 22; offset >= lowest; offset--) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new EngineError('not a zip archive: end of central directory not found');
}
