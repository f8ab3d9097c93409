/** The most keys one mapping of a posted fault plan may have (a rule has about a dozen fields). */
export const maxPlanObjectKeys = 64;
/** The most items one list of a posted fault plan may have (the schema allows 1,000 rules). */
export const maxPlanListItems = 1000;

/**
 * Why a parsed fault plan is too large to validate, naming where, or undefined when it is not. Checked in
 * one pass before the schema, so that a posted body of 30,000 unknown keys (issue 16) is refused in
 * milliseconds rather than described key by key on the server's one event loop. Iterative, so a deeply
 * nested body cannot exhaust the stack.
 */
export function planSizeProblem(value: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: 'the fault plan' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: node, path } = next;
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      if (node.length > maxPlanListItems) {
        return `${path} has ${node.length} items; a fault plan's lists have at most ${maxPlanListItems}.`;
      }
      node.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]` }));
      continue;
    }
    const keys = Object.keys(node);
    if (keys.length > maxPlanObjectKeys) {
      return `${path} has ${keys.length} keys; a fault plan's mappings have at most ${maxPlanObjectKeys}.`;
    }
    const prefix = path === 'the fault plan' ? '' : `${path}.`;
    for (const key of keys) stack.push({ value: (node as Record<string, unknown>)[key], path: prefix + key });
  }
  return undefined;
}
