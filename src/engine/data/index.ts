/** The data step: CSV → RawTable → TableSchema → Encoding/EncodedDataset, and CSV export. */
export * from './types';
export * from './values';
export * from './parse';
export * from './schema';
export * from './columnSchema';
export * from './encode';
export * from './csvExport';
export * from './cells';
export * from './outcome';
export * from './genomic/genotypeStrings';
export * from './genomic/plinkBed';
export * from './genomic/plinkRaw';
export * from './genomic/vcf';
export * from './genomic/join';
export * from './genomic/loadFiles';
export * from './conversions';
export * from './positiveClass';
