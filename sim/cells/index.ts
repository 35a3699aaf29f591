export { runOneCell, type Cell } from './cell.ts';
export { runLocalCells, type LocalCellsOptions } from './localCells.ts';
