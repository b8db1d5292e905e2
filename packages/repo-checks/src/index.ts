export {
  type HandlerVariant,
  handlerAnatomyProblems,
  handlerFolders,
  handlerVariant,
  REQUIRED_EDGE_HANDLER_DEPENDENCIES,
  REQUIRED_HANDLER_DEPENDENCIES,
  REQUIRED_HANDLER_FILES,
  REQUIRED_README_SECTIONS,
} from './handler-anatomy.ts'
