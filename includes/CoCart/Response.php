<?php
/**
 * A successful (2xx) answer from the store, decoded.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

final class Response {

	/** @var int */
	public $status;

	/** @var array<string,string> Lower-cased names. */
	public $headers;

	/** @var mixed Decoded JSON (array, string, …). */
	public $data;

	/** @var int Milliseconds, the last attempt. */
	public $duration_ms;

	/** @var int Which key pair answered (0 = primary, 1… = backups). */
	public $key_index;

	/** @var string basic | query | oauth */
	public $auth;

	/** @var bool PHP notices or other text came before the JSON and were skipped. */
	public $had_noise;

	/**
	 * @param array<string,string> $headers
	 * @param mixed                $data
	 */
	public function __construct(
		int $status,
		array $headers,
		$data,
		int $duration_ms,
		int $key_index,
		string $auth,
		bool $had_noise = false
	) {
		$this->status      = $status;
		$this->headers     = $headers;
		$this->data        = $data;
		$this->duration_ms = $duration_ms;
		$this->key_index   = $key_index;
		$this->auth        = $auth;
		$this->had_noise   = $had_noise;
	}

	public function header( string $name ): ?string {
		return $this->headers[ strtolower( $name ) ] ?? null;
	}
}
