// The plan UI: templates, the live plan panel, export, board files and plan import.
export { BoardTools } from './BoardTools'
export { PlanPanel } from './PlanPanel'
export { EmptyBoardCard } from './EmptyBoardCard'
