export { runOneCell, type Cell } from './cell.ts';
export { runLocalCells, type CellRunner, type LocalCellsOptions } from './localCells.ts';
