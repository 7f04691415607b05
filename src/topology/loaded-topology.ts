import type { DocPath, Topology } from '../core/model.js'
import type { Diagnostic, LinePos, Severity } from './diagnostic.js'

/** Which export a definitions file is: `rabbitmqctl export_definitions`, `GET /api/definitions`, or `GET /api/definitions/{vhost}`. */
export type DefinitionsShape = 'rabbitmqctl' | 'api' | 'api-vhost'

export type EntityKind = 'exchange' | 'queue' | 'policy' | 'vhost'

/**
 * An entity declared twice in one vhost. The model keeps the first (Maps hold one entry per name);
 * lint reports the rest. In YAML this happens across sections (top level and `vhosts:` of the same vhost);
 * in definitions exports, when a list repeats a name.
 */
export interface DuplicateEntity {
  readonly kind: EntityKind
  readonly vhost: string
  readonly name: string
  readonly path: DocPath
  readonly firstPath: DocPath
}

/** A topology file after loading: the model (when the file has no errors), and everything found on the way. */
export interface LoadedTopology {
  readonly file: string
  /** yaml: rmq-sim's format; definitions: a RabbitMQ export; operator: messaging-topology-operator manifests; asyncapi: an AsyncAPI document */
  readonly format: 'yaml' | 'definitions' | 'operator' | 'asyncapi'
  /** undefined when the file has errors (syntax, schema, I/O); warnings alone keep the model. */
  readonly topology?: Topology
  /** yaml/*, schema/*, defs/*, io/* problems, each with a position where the file has one. */
  readonly diagnostics: readonly Diagnostic[]
  /** Source position of a model path (an entity's `path`, or a path into it), or undefined. */
  locate(path: DocPath): LinePos | undefined
  /** The file's text ('' when it could not be read). */
  readonly source: string
  readonly definitionsShape?: DefinitionsShape
  /**
   * true when the export leaves out internal exchanges (rabbitmqctl export_definitions, and the management API
   * from the versions that share its code): an exchange a binding names but the file lacks may be internal.
   */
  readonly omitsInternalExchanges?: boolean
  readonly duplicates: readonly DuplicateEntity[]
}

/** A problem before it gets its file and position. */
export interface Problem {
  readonly rule: string
  readonly severity: Severity
  readonly message: string
  readonly hint?: string
  readonly path: DocPath
  /** Which part of the path's last step to point at. Default: auto (collections at their key, scalars at the value). */
  readonly at?: 'key' | 'value'
}
