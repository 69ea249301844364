import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../agent/logger.js';

/** A client error with an HTTP status and a machine-readable code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Sends the JSON error body every endpoint uses: `{"error": code, "message": ...}`. */
export function sendHouseError(response: Response, error: HttpError): void {
  response.status(error.status).json({
    error: error.code,
    message: error.message,
    ...(error.details === undefined ? {} : { details: error.details }),
  });
}

/** Sends an error in the shape of the OpenAI API: `{"error": {"message", "type", "code"}}`. */
export function sendOpenAiError(response: Response, error: HttpError): void {
  response.status(error.status).json({
    error: {
      message: error.message,
      type: error.status >= 500 ? 'server_error' : 'invalid_request_error',
      code: error.code,
      param: null,
    },
  });
}

/**
 * Turns anything thrown into a JSON error: body-parser failures become 400/413 with what was
 * wrong; unexpected errors are logged and become a 500 without a stack trace.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, _next) => {
    if (response.headersSent) {
      response.end();
      return;
    }
    // OpenAI clients read `error.message` from an object; everything else gets our shape.
    const sendError = request.path.startsWith('/v1/') ? sendOpenAiError : sendHouseError;
    if (error instanceof HttpError) return sendError(response, error);

    const status = typeof error?.status === 'number' ? error.status : 500;
    if (error?.type === 'entity.parse.failed') {
      const example = request.path.startsWith('/v1/')
        ? '{"model": "travel-agent", "messages": [{"role": "user", "content": "hello"}]}'
        : '{"user_id": "u1", "message": "hello"}';
      return sendError(
        response,
        new HttpError(
          400,
          'invalid_json',
          `The request body is not valid JSON. Send a JSON object such as ${example}.`,
        ),
      );
    }
    if (error?.type === 'entity.too.large') {
      return sendError(
        response,
        new HttpError(
          413,
          'body_too_large',
          `The request body is larger than the limit of ${error.limit} bytes. Send a shorter message.`,
        ),
      );
    }
    if (error?.type === 'encoding.unsupported') {
      return sendError(
        response,
        new HttpError(
          415,
          'unsupported_encoding',
          `Content-Encoding ${error.encoding ?? ''} is not supported: send the body uncompressed or with gzip, deflate or br.`,
        ),
      );
    }
    if (error?.type === 'charset.unsupported') {
      return sendError(
        response,
        new HttpError(
          415,
          'unsupported_charset',
          `Charset ${error.charset ?? ''} is not supported: send the JSON body as UTF-8.`,
        ),
      );
    }
    if (error instanceof URIError) {
      return sendError(
        response,
        new HttpError(400, 'invalid_path', 'The URL path contains invalid percent-encoding.'),
      );
    }
    if (status === 400 && typeof error?.type === 'string') {
      // raw-body and zlib failures: a truncated body, or compressed data that does not inflate.
      return sendError(
        response,
        new HttpError(
          400,
          'invalid_body',
          `The request body could not be read (${error.message}). Send UTF-8 JSON, uncompressed or validly compressed.`,
        ),
      );
    }
    if (status >= 400 && status < 500) {
      return sendError(
        response,
        new HttpError(status, 'bad_request', String(error.message ?? 'Bad request.')),
      );
    }

    logger.error(
      {
        err: error instanceof Error ? error.message : String(error),
        stack: error?.stack,
        path: request.path,
      },
      'request failed',
    );
    sendError(
      response,
      new HttpError(
        500,
        'internal_error',
        'The server failed to handle this request. It has been logged; please try again.',
      ),
    );
  };
}
