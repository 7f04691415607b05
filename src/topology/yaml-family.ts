import { looksLikeAsyncApi, parseAsyncApi } from './asyncapi-format.js'
import type { LoadedTopology } from './loaded-topology.js'
import { looksLikeOperatorManifests, parseOperatorManifests } from './operator-format.js'
import { parseYamlTopology, type YamlOptions } from './yaml-format.js'

export { yamlErrorOffset } from './yaml-format.js'

/**
 * The formats that need the YAML parser, told apart by their content: Kubernetes messaging-topology-operator
 * manifests (operator-format.ts), AsyncAPI documents (asyncapi-format.ts), else rmq-sim's own YAML format.
 * load.ts imports this module only for a text that is not a definitions export, so JSON exports never load yaml.
 */
export function parseYamlFamily(body: string, file: string, options: YamlOptions): LoadedTopology {
  if (looksLikeOperatorManifests(body)) return parseOperatorManifests(body, file)
  if (looksLikeAsyncApi(body)) {
    const asyncapi = parseAsyncApi(body, file)
    if (asyncapi !== undefined) return asyncapi
  }
  return parseYamlTopology(body, file, options)
}
