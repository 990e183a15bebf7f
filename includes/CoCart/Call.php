<?php
/**
 * One call to the store, as the client decided it: which route, with which key pair and way of authenticating.
 * A transport sends it; it never decides anything about it.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

final class Call {

	/** @var string GET, DELETE, PUT… */
	public $method;

	/** @var string The route, such as "cocart/v2/session/abc". */
	public $path;

	/** @var array<string,scalar> Query parameters, never a credential nor cart_key. */
	public $query;

	/** @var string The store's URL for the route, without the query. */
	public $url;

	/** @var array{consumer_key:string,consumer_secret:string} Empty strings when anonymous. */
	public $pair;

	/** @var string basic, query, oauth, or none (anonymous). */
	public $auth;

	/** @var int The pair's place in Settings::key_pairs() (0 primary, 1… backups); -1 when anonymous. */
	public $key_index;

	/** @var int Seconds. */
	public $timeout;

	/**
	 * @param array<string,scalar>                                $query
	 * @param array{consumer_key:string,consumer_secret:string} $pair
	 */
	public function __construct(
		string $method,
		string $path,
		array $query,
		string $url,
		array $pair,
		string $auth,
		int $key_index,
		int $timeout
	) {
		$this->method    = $method;
		$this->path      = $path;
		$this->query     = $query;
		$this->url       = $url;
		$this->pair      = $pair;
		$this->auth      = $auth;
		$this->key_index = $key_index;
		$this->timeout   = $timeout;
	}
}
