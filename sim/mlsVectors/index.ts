// `interop-sim mls-vectors`: the RFC 9420 test vectors (mlswg/mls-implementations) against the engine.
export { readVectorFile, type VectorFile } from './readVectorFile.ts';
export { runVectorFiles, type VectorReport, type VectorRunOptions } from './runVectors.ts';
export { formatVectorReport } from './formatVectorReport.ts';
export { VectorFileError } from './vectorFileError.ts';
