// A small pipeline of your own, run in funnelstorm's simulator (docs/pipeline.md, "Your own pipeline"):
//
//   funnelstorm run scenarios/funnel-launch-standard.yaml --pipeline examples/my-pipeline/my-pipeline.ts
//   funnelstorm check --pipeline examples/my-pipeline/my-pipeline.ts --runs 40 --seed 1
//
// It takes each order webhook, skips a redelivered one (a claim in the Store), paces its calls with
// funnelstorm's shared throttle, retries failures with jittered backoff, and counts the order in its
// customer's totals with funnelstorm's fenced customer update. It has one planted bug, the classic one:
// after an ambiguous failure (a 5xx, a reset or a timeout: the order may exist) it creates the order
// again without looking it up first. `funnelstorm check` finds the duplicate this makes.
import {
  classifyOutcome,
  createMutex,
  createOrderRequest,
  DeadLetterQueue,
  definePipeline,
  retryAfterMs,
  StoreThrottle,
  timeoutInterceptor,
  updateCustomerTotals,
  WorkflowBackoff,
  WorkQueue,
  type OrderOutcome,
  type PipelineOrder,
  type PipelineSeams,
} from 'funnelstorm/pipeline';
import { compose } from 'funnelstorm/runtime';

export default definePipeline((seams, settings) => {
  const { clock, store, shop, hooks } = seams;
  const { concurrency = 8, maxAttempts = 8, requestTimeoutMs = 10_000 } = settings;
  const queue = new WorkQueue<PipelineOrder>(clock);
  const deadLetters = new DeadLetterQueue<PipelineOrder>();
  const customerDeadLetters = new DeadLetterQueue<PipelineOrder>();
  // One throttle for every worker, its state in the Store: calls leave at the shop's leak rate.
  const throttle = new StoreThrottle(store, clock, { shop: shop.domain, app: 'my-app', ...seams.limits });
  const client = compose(
    throttle.interceptor(),
    timeoutInterceptor(clock, requestTimeoutMs),
  )(seams.transport);

  async function handle(order: PipelineOrder, random: PipelineSeams['random']): Promise<OrderOutcome> {
    // A redelivered webhook finds the claim and stops here (5 h: Shopify redelivers for 4 h).
    if (!(await store.setIfAbsent(`my-app:order:${order.sourceOrderId}`, 'taken', 5 * 3_600_000)))
      return { kind: 'already-claimed', state: 'done' };
    let reason = 'no attempt';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = await client(
        createOrderRequest(shop, order, settings.sourceIdAttribute ?? 'source_order_id'),
      );
      const verdict = classifyOutcome(result);
      reason = verdict.reason;
      if (verdict.kind === 'success' && result.ok) {
        const { order: created } = JSON.parse(result.response.body) as { order?: { id?: number } };
        const customer = await updateCustomerTotals(order, {
          client,
          mutex: createMutex(store, clock, random.fork('mutex'), { ttlMs: 30_000, maxWaitMs: 3_600_000 }),
          spawn: seams.spawn,
          shop,
          backoff: new WorkflowBackoff(clock, random.fork('customer'), {
            baseDelayMs: 500,
            maxDelayMs: 30_000,
            budgetWaitMs: 3_600_000,
          }),
          settings: { maxAttempts, requestTimeoutMs },
        });
        if (customer.kind === 'failed')
          customerDeadLetters.add({
            key: order.sourceOrderId,
            ...customer,
            atMs: clock.nowMs(),
            payload: order,
          });
        return {
          kind: 'created',
          shopifyOrderId: created?.id,
          attempts: attempt,
          reconciled: false,
          customer,
        };
      }
      if (verdict.kind === 'fatal') return giveUp(order, reason, attempt);
      // THE PLANTED BUG: when `verdict.maybeApplied` is true the order may exist already, and the next round
      // creates it again. The fix: look it up first (GET orders.json?tag=fs-src-<id>) and stop if it is there.
      const ceilingMs = Math.min(30_000, 500 * 2 ** (attempt - 1));
      const floorMs = result.ok ? (retryAfterMs(result.response) ?? 0) : 0;
      await clock.sleep(Math.max(floorMs, random.next() * ceilingMs));
    }
    return giveUp(order, reason, maxAttempts);
  }

  function giveUp(order: PipelineOrder, reason: string, attempts: number): OrderOutcome {
    deadLetters.add({ key: order.sourceOrderId, reason, attempts, atMs: clock.nowMs(), payload: order });
    return { kind: 'dead-lettered', reason, attempts };
  }

  const worker = (index: number) => async () => {
    const random = seams.random.fork(`worker-${index}`);
    // `queue.take()` waits through the clock's gates, so the simulator sees an idle worker.
    for (let order = await queue.take(); order !== undefined; order = await queue.take())
      hooks.onOrderDone?.(order, await handle(order, random), clock.nowMs());
  };

  return {
    accept: (order) => queue.push(order),
    close: () => queue.close(),
    workers: () => Array.from({ length: concurrency }, (_, index) => worker(index)),
    deadLetters,
    customerDeadLetters,
  };
});
