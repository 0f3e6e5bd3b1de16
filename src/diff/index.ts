// What differs between two environments of one app, from the parameter registry and the canonical objects.
export type { DiffSide, EnvironmentDiff, FieldChange, ObjectChange, ObjectOnOneSide, ParameterChange, WorkloadChange, WorkloadSize } from './diff-environments.ts';
export { diffEnvironments, sizeWorkload } from './diff-environments.ts';
export type { DiffFormat, ParameterRow, WorkloadRow } from './format-diff.ts';
export { foldParameters, foldWorkloads, formatDiff } from './format-diff.ts';
