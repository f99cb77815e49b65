/**
 * A release that uploads nothing: both upload steps skipped, so no token and no index are needed.
 * The local checklist's tests use it; without it a release publishes to testpypi then pypi.
 */
export const localRelease = ['--skip', 'upload-test,upload-production'] as const;
