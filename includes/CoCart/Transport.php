<?php
/**
 * How calls reach the store. The client decides what to send (route, key pair, authentication, retries, key
 * rotation) and reads every answer the same way; a transport only carries calls and brings back Answers.
 * Today there is one, HttpTransport (WordPress's HTTP API, and curl_multi for parallel calls). Another way of
 * reaching the store (calling CoCart's routes in this very WordPress with rest_do_request() when the store is
 * this site) is one more implementation, chosen in Client::transport_for(): it answers with the route's status,
 * headers and JSON body (Answer::received()), or refuses a call with the final error (Answer::refused(), say a
 * list too big for this request's memory); nothing above the client knows which transport answered.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

interface Transport {

	/**
	 * Whether calls need the key pair. False for a transport that is trusted another way (CoCart in this very
	 * WordPress checks the current user): the client then sends every call as it sends an anonymous one, with
	 * no key, no key-state check and no rotation.
	 */
	public function needs_key(): bool;

	/**
	 * Sends one call, once (the client retries).
	 */
	public function send( Call $call ): Answer;

	/**
	 * Sends several calls, at most $concurrency at a time, each once.
	 *
	 * @param array<int|string,Call> $calls    id => call.
	 * @param float|null             $deadline microtime after which no call starts.
	 * @return array<int|string,Answer> id => answer, in the order given; a call not started before the deadline
	 *                                  has no entry.
	 */
	public function send_many( array $calls, int $concurrency, ?float $deadline ): array;
}
