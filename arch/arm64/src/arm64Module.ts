import { ContainerModule } from 'inversify';

/** The arm64 architecture: the skeleton binds its facets as they are written. */
export const arm64Module = new ContainerModule(() => {});
