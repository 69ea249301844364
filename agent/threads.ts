import Database from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';

/** A message of a thread's full history, as `GET /threads/:id` returns it. */
export interface ThreadMessage {
  role: 'user' | 'assistant';
  content: string;
  intent?: string;
  createdAt: string;
}

export interface ThreadSummary {
  id: string;
  userId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
}

/**
 * The full transcript of every thread, kept apart from the graph's checkpoints: the graph
 * carries only recent messages, so its checkpoints stay small however long a thread grows.
 */
export interface ThreadLog {
  /** Returns the thread's owner, or undefined when the thread does not exist. */
  ownerOf(threadId: string): Promise<string | undefined>;
  /**
   * Creates the thread for the user unless it exists, in one statement, and returns its owner
   * and whether this call created it. Checking the owner after the insert closes the race in
   * which two users name the same new thread id at once.
   */
  claim(
    threadId: string,
    userId: string,
    title: string,
  ): Promise<{ owner: string; created: boolean }>;
  append(threadId: string, messages: ThreadMessage[]): Promise<void>;
  get(threadId: string): Promise<{ thread: ThreadSummary; messages: ThreadMessage[] } | undefined>;
  list(userId: string, limit: number): Promise<ThreadSummary[]>;
  delete(threadId: string): Promise<boolean>;
  close(): Promise<void>;
}

const TITLE_LENGTH = 80;

interface ThreadRow {
  id: string;
  user_id: string;
  title: string;
  created_at: string;
  updated_at: string;
  message_count: number | string;
}

interface MessageRow {
  role: 'user' | 'assistant';
  content: string;
  intent: string | null;
  created_at: string;
}

function toSummary(row: ThreadRow): ThreadSummary {
  return {
    id: row.id,
    userId: row.user_id,
    title: row.title,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    messageCount: Number(row.message_count),
  };
}

function toMessage(row: MessageRow): ThreadMessage {
  return {
    role: row.role,
    content: row.content,
    ...(row.intent ? { intent: row.intent } : {}),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** Thread log in a SQLite file in the data folder (the embedded default). */
export function openSqliteThreadLog(dataDir: string): ThreadLog {
  const db = new Database(path.join(dataDir, 'threads.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS threads (
      id TEXT PRIMARY KEY, user_id TEXT NOT NULL, title TEXT NOT NULL,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL, message_count INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX IF NOT EXISTS threads_user ON threads (user_id, updated_at);
    CREATE TABLE IF NOT EXISTS thread_messages (
      thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
      role TEXT NOT NULL, content TEXT NOT NULL, intent TEXT, created_at TEXT NOT NULL,
      PRIMARY KEY (thread_id, seq));
  `);
  db.pragma('foreign_keys = ON');

  const owner = db.prepare<[string], { user_id: string }>(
    'SELECT user_id FROM threads WHERE id = ?',
  );
  const insertThread = db.prepare(
    'INSERT OR IGNORE INTO threads (id, user_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertMessage = db.prepare(
    'INSERT INTO thread_messages (thread_id, seq, role, content, intent, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const bump = db.prepare(
    'UPDATE threads SET message_count = message_count + ?, updated_at = ? WHERE id = ? RETURNING message_count',
  );
  const selectThread = db.prepare<[string], ThreadRow>('SELECT * FROM threads WHERE id = ?');
  const selectMessages = db.prepare<[string], MessageRow>(
    'SELECT role, content, intent, created_at FROM thread_messages WHERE thread_id = ? ORDER BY seq',
  );
  const selectByUser = db.prepare<[string, number], ThreadRow>(
    'SELECT * FROM threads WHERE user_id = ? ORDER BY updated_at DESC LIMIT ?',
  );
  const deleteThread = db.prepare('DELETE FROM threads WHERE id = ?');

  const appendAll = db.transaction((threadId: string, messages: ThreadMessage[]) => {
    const now = new Date().toISOString();
    const row = bump.get(messages.length, now, threadId) as { message_count: number } | undefined;
    if (!row) throw new Error(`thread ${threadId} does not exist`);
    let seq = row.message_count - messages.length;
    for (const message of messages) {
      insertMessage.run(
        threadId,
        seq,
        message.role,
        message.content,
        message.intent ?? null,
        message.createdAt,
      );
      seq += 1;
    }
  });

  return {
    async ownerOf(threadId) {
      return owner.get(threadId)?.user_id;
    },
    async claim(threadId, userId, title) {
      const now = new Date().toISOString();
      const created =
        insertThread.run(threadId, userId, title.slice(0, TITLE_LENGTH), now, now).changes > 0;
      return { owner: owner.get(threadId)!.user_id, created };
    },
    async append(threadId, messages) {
      appendAll(threadId, messages);
    },
    async get(threadId) {
      const row = selectThread.get(threadId);
      if (!row) return undefined;
      return { thread: toSummary(row), messages: selectMessages.all(threadId).map(toMessage) };
    },
    async list(userId, limit) {
      return selectByUser.all(userId, limit).map(toSummary);
    },
    async delete(threadId) {
      return deleteThread.run(threadId).changes > 0;
    },
    async close() {
      db.close();
    },
  };
}

/** Thread log in PostgreSQL, shared by every replica (used when DATABASE_URL is set). */
export async function openPostgresThreadLog(pool: pg.Pool): Promise<ThreadLog> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS agent_threads (
      id TEXT PRIMARY KEY, user_id TEXT NOT NULL, title TEXT NOT NULL,
      created_at TIMESTAMPTZ NOT NULL DEFAULT now(), updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      message_count INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX IF NOT EXISTS agent_threads_user ON agent_threads (user_id, updated_at);
    CREATE TABLE IF NOT EXISTS agent_thread_messages (
      thread_id TEXT NOT NULL REFERENCES agent_threads (id) ON DELETE CASCADE, seq INTEGER NOT NULL,
      role TEXT NOT NULL, content TEXT NOT NULL, intent TEXT, created_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (thread_id, seq));
  `);

  const log: ThreadLog = {
    async ownerOf(threadId) {
      const { rows } = await pool.query('SELECT user_id FROM agent_threads WHERE id = $1', [
        threadId,
      ]);
      return rows[0]?.user_id;
    },
    async claim(threadId, userId, title) {
      const inserted = await pool.query(
        'INSERT INTO agent_threads (id, user_id, title) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING user_id',
        [threadId, userId, title.slice(0, TITLE_LENGTH)],
      );
      if (inserted.rows.length > 0) return { owner: userId, created: true };
      const { rows } = await pool.query('SELECT user_id FROM agent_threads WHERE id = $1', [
        threadId,
      ]);
      // A concurrent delete between the two statements leaves no owner: claim it again.
      if (rows.length === 0) return log.claim(threadId, userId, title);
      return { owner: rows[0].user_id, created: false };
    },
    async append(threadId, messages) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query(
          'UPDATE agent_threads SET message_count = message_count + $1, updated_at = now() WHERE id = $2 RETURNING message_count',
          [messages.length, threadId],
        );
        if (rows.length === 0) throw new Error(`thread ${threadId} does not exist`);
        let seq = Number(rows[0].message_count) - messages.length;
        for (const message of messages) {
          await client.query(
            'INSERT INTO agent_thread_messages (thread_id, seq, role, content, intent, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
            [
              threadId,
              seq,
              message.role,
              message.content,
              message.intent ?? null,
              message.createdAt,
            ],
          );
          seq += 1;
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    async get(threadId) {
      const thread = await pool.query<ThreadRow>('SELECT * FROM agent_threads WHERE id = $1', [
        threadId,
      ]);
      if (thread.rows.length === 0) return undefined;
      const messages = await pool.query<MessageRow>(
        'SELECT role, content, intent, created_at FROM agent_thread_messages WHERE thread_id = $1 ORDER BY seq',
        [threadId],
      );
      return { thread: toSummary(thread.rows[0]), messages: messages.rows.map(toMessage) };
    },
    async list(userId, limit) {
      const { rows } = await pool.query<ThreadRow>(
        'SELECT * FROM agent_threads WHERE user_id = $1 ORDER BY updated_at DESC LIMIT $2',
        [userId, limit],
      );
      return rows.map(toSummary);
    },
    async delete(threadId) {
      const result = await pool.query('DELETE FROM agent_threads WHERE id = $1', [threadId]);
      return (result.rowCount ?? 0) > 0;
    },
    async close() {},
  };
  return log;
}
