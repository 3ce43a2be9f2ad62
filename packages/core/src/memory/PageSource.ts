import { type Page } from './Page.js';

/**
 * Where pages come from on first touch: the address space looks up the VMA and fills the page
 * from its backing (zeroes or file bytes), so untouched memory costs nothing on the host.
 */
export interface PageSource {
  materialize(pageIndex: number): Page | undefined;
}
