export { Xoshiro128 } from './xoshiro128.js';
export { streamRng, deriveSeed, STREAM_NOISE, STREAM_INIT, STREAM_BROWNIAN } from './streams.js';
export { standardNormal, fillNormal } from './normal.js';
export { fillEntries, ENTRY_LAWS, type EntryLaw } from './entryLaws.js';
