// The base image scripts/setup-test-env.sh builds for machines without registry access (it
// reads the same variable and default), used by the demo, the benchmarks and the tests.
export const OFFLINE_BASE_IMAGE = process.env['REPROBUNDLE_BASE_IMAGE'] ?? 'reprobundle-local/python:3.11';
