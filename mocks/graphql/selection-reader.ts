import {
  Kind,
  type DirectiveNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/**
 * Reads an operation's selections before execution, as the cost calculator needs them: fields with
 * fragments expanded and `@skip` / `@include` applied, and argument values from literals or variables
 * (the value sent, else the variable's default). The mock's schema has no interfaces or unions, so every
 * fragment's type condition is the parent type (validation guarantees it) and is not checked again.
 */
export class SelectionReader {
  constructor(
    private readonly operation: OperationDefinitionNode,
    private readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>,
    private readonly variables: Readonly<Record<string, unknown>>,
  ) {}

  /** Calls `visit` for each field of `set` that the operation would execute. */
  forEachField(set: SelectionSetNode, visit: (field: FieldNode) => void): void {
    for (const selection of set.selections) {
      if (!this.included(selection.directives)) continue;
      if (selection.kind === Kind.FIELD) visit(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) this.forEachField(selection.selectionSet, visit);
      else {
        const fragment = this.fragments[selection.name.value];
        if (fragment !== undefined) this.forEachField(fragment.selectionSet, visit);
      }
    }
  }

  /** The value of `field`'s argument `name` (JSON as sent; Int and Boolean literals read), or undefined. */
  argument(field: FieldNode | DirectiveNode, name: string): unknown {
    const argument = field.arguments?.find((a) => a.name.value === name);
    return argument === undefined ? undefined : this.value(argument.value);
  }

  private value(node: ValueNode): unknown {
    if (node.kind === Kind.INT) return Number(node.value);
    if (node.kind === Kind.BOOLEAN) return node.value;
    if (node.kind !== Kind.VARIABLE) return undefined;
    const name = node.name.value;
    if (name in this.variables) return this.variables[name];
    const definition = this.operation.variableDefinitions?.find((d) => d.variable.name.value === name);
    return definition?.defaultValue === undefined ? undefined : this.value(definition.defaultValue);
  }

  private included(directives: readonly DirectiveNode[] | undefined): boolean {
    for (const directive of directives ?? []) {
      const condition = this.argument(directive, 'if');
      if (directive.name.value === 'skip' && condition === true) return false;
      if (directive.name.value === 'include' && condition === false) return false;
    }
    return true;
  }
}
