import type pg from 'pg';

// The PostgreSQL pool the store's Kysely runs on, with fewer round trips and less work per
// statement: every statement is a round trip to the server (a socket write, the server's reply,
// a wake-up on each side), and on a loopback connection that costs more CPU than most
// statements do.
//
// - BEGIN waits for the transaction's first statement and goes in the same write, in the same
//   extended-protocol batch (Parse/Bind/Execute of BEGIN, then the statement, then one Sync):
//   if BEGIN failed, PostgreSQL skips the statement up to the Sync, so a statement meant for
//   the transaction never runs outside it. A transaction that ends before any statement sends
//   nothing at all. COMMIT and ROLLBACK stay round trips of their own: the caller learns the
//   outcome of a commit before it acts on it.
// - Statements are prepared once per connection under a name (PostgreSQL parses and plans
//   them once; the client sends only their values after): the store runs a few dozen distinct
//   texts, compiled once each (table-rows.ts), and names every column it reads (tables.ts
//   COLUMNS), so a column another instance's migration adds changes no prepared statement's
//   answer. Should a prepared statement go stale anyway (its plan's result type changed, or the
//   server no longer has it), its text is prepared again under a new name; a read outside a
//   transaction is then run again once, anything else fails as it did (a write is never run a
//   second time on the client's own judgement).
// - A statement may ask to be sent behind another (`sendBehind`): both go in one batch with
//   one Sync and PostgreSQL runs the second once the first is done (a read behind the lock it
//   must see the world after). Should the first fail, the second does not run.
// - A prepared statement's result columns are asked for (Describe) once per connection: its
//   row description and the row parsers pg builds from it are kept by the statement's name and
//   used for its later answers, which come without one. A statement whose answer would change
//   shape (another column type) fails at the server with the stale error above and is named
//   anew, so a kept description never meets rows of another shape.

/** How many distinct statement texts get a name (texts past that run unnamed, unprepared). */
export const PREPARED_TEXTS = 500;

/** The result Kysely reads of a statement (`command`, `rowCount`, `rows`). */
type Result = Pick<pg.QueryResult, 'command' | 'rowCount' | 'rows'>;

type Query = (text: string, values?: readonly unknown[]) => Promise<Result>;

type Behind = {
  text: string;
  values: readonly unknown[];
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
};

/** Statements to send behind the statement whose values array keys them. */
const behind = new WeakMap<readonly unknown[], Behind>();

/**
 * Sends `text` with `values` behind the next statement run with the values array `ahead` (the
 * very array: Kysely hands it to the pool as it is), in the same batch. Answers, once that
 * statement has run, its rows, or undefined when it was not sent (not on this pool's
 * connections): the caller then runs it itself.
 */
export function sendBehind(
  ahead: readonly unknown[],
  text: string,
  values: readonly unknown[],
): () => Promise<unknown[]> | undefined {
  const rows = new Promise<Result>((resolve, reject) => {
    behind.set(ahead, { text, values, resolve, reject });
  }).then((result) => result.rows);
  rows.catch(() => undefined); // awaited by the caller unless the statement ahead failed
  return () => (behind.delete(ahead) ? undefined : rows);
}

/** The pool with its clients' `query` as above; `onQuery` sees each round trip. */
export function storePool(
  driver: typeof pg,
  pool: pg.Pool,
  onQuery?: (sql: string) => void,
): pg.Pool {
  const StoreQuery = storeQueryClass(driver);
  const names = preparedNames();
  pool.on('connect', (client) => {
    const send = client.query.bind(client) as unknown as Query & ((query: object) => void);
    const described: Described = new Map();
    const idle = () =>
      (client as unknown as { getTransactionStatus(): string | null }).getTransactionStatus() ===
      'I';
    const run = (text: string, values: readonly unknown[], begin: boolean, next?: Behind) =>
      new Promise<Result>((resolve, reject) =>
        send(
          new StoreQuery(
            { text, values, name: names.of(text), begin, described },
            resolve,
            reject,
            next && { ...next, name: names.of(next.text), forget: () => names.forget(next.text) },
          ),
        ),
      );
    const prepared = async (text: string, values: readonly unknown[], begin: boolean) => {
      const next = behind.get(values);
      behind.delete(values);
      onQuery?.([...(begin ? ['begin'] : []), text, ...(next ? [next.text] : [])].join('; '));
      const outside = !begin && idle();
      try {
        return await run(text, values, begin, next);
      } catch (error) {
        if (!isStale(error) || !names.forget(text)) throw error;
        if (next || !outside || !/^select /i.test(text)) throw error;
        onQuery?.(text);
        return run(text, values, false);
      }
    };
    let pending = false;
    const query: Query = (text, values) => {
      if (text === 'begin') {
        if (pending) throw new Error('a transaction is already open on this connection');
        pending = true;
        return Promise.resolve(done('BEGIN'));
      }
      if (pending) {
        pending = false;
        // Nothing was sent: the transaction ends before it began.
        if (text === 'commit' || text === 'rollback') return Promise.resolve(done(text));
        return prepared(text, values ?? [], true);
      }
      if (values?.length) return prepared(text, values, false);
      // Without values (COMMIT, ROLLBACK, the migrations' DDL): the simple protocol, as pg does.
      onQuery?.(text);
      return send(text, values);
    };
    (client as unknown as { query: Query }).query = query;
  });
  return pool;
}

/** The answer of a statement that was not sent (BEGIN, or the end of an empty transaction). */
function done(command: string): Result {
  return { command: command.toUpperCase(), rowCount: null, rows: [] };
}

/** Statement texts and their names; a stale one is named anew (PostgreSQL keeps the old one). */
function preparedNames() {
  const named = new Map<string, string>();
  let made = 0;
  return {
    of(text: string): string | undefined {
      const known = named.get(text);
      if (known || named.size >= PREPARED_TEXTS) return known;
      made += 1;
      const name = `umf_${made}`;
      named.set(text, name);
      return name;
    },
    /** Names `text` anew; false when it had no name (the error is not a prepared one's). */
    forget: (text: string): boolean => named.delete(text),
  };
}

/** A prepared statement's plan answers another row type now, or the server lost it. */
function isStale(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '0A000' || code === '26000';
}

type Connection = {
  parse(message: { text: string }): void;
  bind(message: object): void;
  execute(message: object): void;
  sync(): void;
  submittedNamedStatements: Record<string, string>;
};

/** A prepared statement's result columns, as pg reads its rows with them. */
type Description = {
  fields: unknown[];
  parsers: unknown[] | undefined;
  empty: Record<string, null> | null;
};

/**
 * One connection's prepared statements by name: their description, or null when they answer
 * no rows (NoData); absent: not described on this connection yet.
 */
type Described = Map<string, Description | null>;

/** One statement of a batch as sent: its name, and what it is known to answer. */
type Stage = { name: string | undefined; known: Description | null | undefined };

/** A statement behind another, named for this connection. */
type Follower = Behind & { name: string | undefined; forget: () => void };

type StoreQueryConfig = {
  text: string;
  values: readonly unknown[];
  /** The prepared statement's name; undefined: unnamed, parsed each time. */
  name: string | undefined;
  /** BEGIN goes first, in the same batch. */
  begin: boolean;
  /** The connection's described statements: a known one is sent without Describe. */
  described: Described;
};

/** pg's Query in the extended protocol, prepared by name, BEGIN before it when asked. */
function storeQueryClass(driver: typeof pg) {
  type Base = {
    prepare(connection: Connection): void;
    _getRows(connection: Connection, rows: number | undefined): void;
    handleRowDescription(message: { fields: unknown[] }): void;
    handleDataRow(message: { fields: unknown[] }): void;
    handleCommandComplete(message: object, connection: Connection): void;
    _checkForMultirow(): void;
    _result: {
      fields: unknown[];
      _parsers: unknown[] | undefined;
      _prebuiltEmptyResultObject: Record<string, null> | null;
    };
    _accumulateRows: boolean;
    _canceledDueToError: Error | false;
    portal: string;
  };
  const Base = driver.Query as unknown as new (config: object) => Base;
  return class StoreQuery extends Base {
    readonly #begin: boolean;
    readonly #behind: StoreQuery | undefined;
    /** A statement sent behind another: its messages end without a Sync. */
    #follows = false;
    readonly #described: Described;
    /** Sent without Describe: the connection knows what it answers. */
    readonly #known: boolean;
    /** The batch's statements in the order their answers come, and which one answers now. */
    readonly #stages: Stage[];
    #stage = 0;
    #hasFields = false;

    constructor(
      { text, values, name, begin, described }: StoreQueryConfig,
      resolve: (result: Result) => void,
      reject: (error: Error) => void,
      next?: Follower,
    ) {
      super({
        text,
        values,
        name,
        queryMode: 'extended',
        // pg answers a batch with one result per statement: BEGIN's, this one's, the next one's.
        callback: (error: Error | null, answered: Result | Result[]) => {
          const results = Array.isArray(answered) ? [...answered] : [answered];
          const begun = begin ? results.shift() : undefined;
          const [result, following, ...more] = results;
          if (error) {
            // The statement behind may not have been parsed: it is prepared anew next time.
            next?.forget();
            next?.reject(error);
            return reject(error);
          }
          const whole = (!begin || begun?.command === 'BEGIN') && more.length === 0;
          if (!result || !whole || Boolean(next) !== Boolean(following)) {
            const wrong = new Error('a statement was not answered as it was sent');
            next?.reject(wrong);
            return reject(wrong);
          }
          if (next && following) next.resolve(following);
          resolve(result);
        },
      });
      this.#begin = begin;
      this.#described = described;
      const stage = (named: string | undefined): Stage => ({
        name: named,
        known: named === undefined ? undefined : described.get(named),
      });
      this.#stages = [
        ...(begin ? [{ name: undefined, known: null }] : []),
        stage(name),
        ...(next ? [stage(next.name)] : []),
      ];
      this.#known = this.#stages[begin ? 1 : 0]?.known !== undefined;
      this.#behind =
        next &&
        new StoreQuery(
          { text: next.text, values: next.values, name: next.name, begin: false, described },
          () => undefined,
          () => undefined,
        );
      if (this.#behind) this.#behind.#follows = true;
    }

    override prepare(connection: Connection): void {
      if (this.#begin) {
        // Unnamed statement and portal, no Sync: the statement's own messages follow at once.
        connection.parse({ text: 'begin' });
        connection.bind({});
        connection.execute({});
      }
      // pg's prepare sends Parse (unless prepared), Bind, Describe and Execute: a statement the
      // connection has described goes without Describe (the rest of the connection as it is).
      super.prepare(this.#known ? withoutDescribe(connection) : connection);
    }

    // The answers of the batch's statements, one after the other: a statement sent without
    // Describe gets its kept description before its first row (or its end), one sent with it
    // leaves its description (or none: NoData) for the next time.
    override handleRowDescription(message: { fields: unknown[] }): void {
      super.handleRowDescription(message);
      const { name, known } = this.#stages[this.#stage] ?? {};
      if (name !== undefined && known === undefined) {
        const result = this._result;
        this.#described.set(name, {
          fields: result.fields,
          parsers: result._parsers,
          empty: result._prebuiltEmptyResultObject,
        });
      }
      this.#hasFields = true;
    }

    override handleDataRow(message: { fields: unknown[] }): void {
      if (!this.#hasFields && !this.#useKnown()) {
        this._canceledDueToError ||= new Error('a statement was not answered as it was sent');
        return;
      }
      if (message.fields.length !== this._result.fields.length) {
        this._canceledDueToError ||= new Error('a statement was not answered as it was sent');
        return;
      }
      super.handleDataRow(message);
    }

    override handleCommandComplete(message: object, connection: Connection): void {
      const { name, known } = this.#stages[this.#stage] ?? {};
      if (!this.#hasFields && !this.#useKnown() && name !== undefined && known === undefined)
        this.#described.set(name, null);
      super.handleCommandComplete(message, connection);
      this.#stage += 1;
      this.#hasFields = false;
    }

    /** The kept description of the statement answering now, when it has one. */
    #useKnown(): boolean {
      const known = this.#stages[this.#stage]?.known;
      if (!known) return false;
      this._checkForMultirow();
      const result = this._result;
      result.fields = known.fields;
      result._parsers = known.parsers;
      result._prebuiltEmptyResultObject = known.empty;
      this._accumulateRows = true;
      this.#hasFields = true;
      return true;
    }

    // pg's Query ends its messages with Execute and Sync here.
    override _getRows(connection: Connection, rows: number | undefined): void {
      if (!this.#follows && !this.#behind) {
        super._getRows(connection, rows);
        return;
      }
      connection.execute({ portal: this.portal, rows });
      if (this.#follows) return;
      // The statement behind: Parse (unless prepared), Bind, Describe, Execute; then the Sync.
      this.#behind?.prepare(connection);
      connection.sync();
    }
  };
}

/** The connection with Describe left out (every other message goes as it would). */
function withoutDescribe(connection: Connection): Connection {
  return Object.create(connection, { describe: { value: () => undefined } }) as Connection;
}
