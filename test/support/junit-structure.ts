/** A parsed element of a JUnit file: its name, attributes and children. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

/**
 * Parses the XML subset JUnit files use (a declaration, elements, attributes in double quotes, text) and
 * checks it is well-formed: every tag closed in order, one root. Throws naming the first problem.
 */
export function parseXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [{ name: '#document', attributes: {}, children: [] }];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  for (let match = tag.exec(body); match !== null && match.index < body.length; match = tag.exec(body)) {
    const [, closing, name, attributeText = '', selfClosing, textNode] = match;
    if (textNode !== undefined) continue;
    const top = stack[stack.length - 1]!;
    if (closing === '/') {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attributes = Object.fromEntries(
      [...attributeText.matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, key = '', value = '']) => [
        key,
        unescapeXml(value),
      ]),
    );
    const element: XmlElement = { name: name!, attributes, children: [] };
    top.children.push(element);
    if (selfClosing !== '/') stack.push(element);
  }
  if (tag.lastIndex !== body.length && tag.lastIndex !== 0)
    throw new Error(`unparsed XML at ${tag.lastIndex}`);
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]?.name}> is never closed`);
  const roots = stack[0]!.children;
  if (roots.length !== 1) throw new Error(`${roots.length} root elements`);
  return roots[0]!;
}

/**
 * Checks a JUnit file's structure as the common JUnit XSD (Jenkins' junit-10.xsd) has it: a `testsuites`
 * root of `testsuite` elements with `name` and `tests`, each of `testcase` elements with `name` and
 * `classname`, which hold at most one `failure` or `skipped` (and `system-out`); every count attribute
 * equals what it counts. Returns the failure messages per test case name.
 */
export function checkJunitStructure(text: string): Map<string, string | undefined> {
  const root = parseXml(text);
  if (root.name !== 'testsuites') throw new Error(`root is <${root.name}>, not <testsuites>`);
  const outcomes = new Map<string, string | undefined>();
  const count = (cases: XmlElement[], child: string): number =>
    cases.filter((c) => c.children.some((e) => e.name === child)).length;
  const allCases: XmlElement[] = [];
  for (const suite of root.children) {
    if (suite.name !== 'testsuite') throw new Error(`<${suite.name}> inside <testsuites>`);
    if (suite.attributes['name'] === undefined) throw new Error('a <testsuite> without a name');
    const cases = suite.children;
    for (const testCase of cases) {
      if (testCase.name !== 'testcase') throw new Error(`<${testCase.name}> inside <testsuite>`);
      if (!testCase.attributes['name'] || !testCase.attributes['classname'])
        throw new Error('a <testcase> without name or classname');
      const verdicts = testCase.children.filter(
        (e) => e.name === 'failure' || e.name === 'skipped' || e.name === 'error',
      );
      if (verdicts.length > 1)
        throw new Error(`<testcase ${testCase.attributes['name']}> has ${verdicts.length} verdicts`);
      for (const child of testCase.children)
        if (!['failure', 'skipped', 'error', 'system-out', 'system-err'].includes(child.name))
          throw new Error(`<${child.name}> inside <testcase>`);
      const failure = testCase.children.find((e) => e.name === 'failure');
      outcomes.set(testCase.attributes['name'], failure?.attributes['message']);
    }
    const expect = (attribute: string, actual: number): void => {
      if (Number(suite.attributes[attribute]) !== actual)
        throw new Error(
          `<testsuite ${suite.attributes['name']}> says ${attribute}="${suite.attributes[attribute]}", has ${actual}`,
        );
    };
    expect('tests', cases.length);
    expect('failures', count(cases, 'failure'));
    expect('skipped', count(cases, 'skipped'));
    allCases.push(...cases);
  }
  if (Number(root.attributes['tests']) !== allCases.length) throw new Error('<testsuites tests> is wrong');
  if (Number(root.attributes['failures']) !== count(allCases, 'failure'))
    throw new Error('<testsuites failures> is wrong');
  return outcomes;
}

/** The five predefined XML entities back to their characters. */
function unescapeXml(text: string): string {
  const entities: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => entities[name] ?? '');
}
