<?php
/**
 * What a transport got back for one Call, before the client reads it: the store's status, headers and body, the
 * transport's failure (no answer at all) or its refusal (a final error), and how long it took. The client turns
 * every Answer into a Response or a WP_Error in one place (Client::read()), whichever transport produced it.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use WP_Error;

final class Answer {

	/** @var int HTTP status; 0 when the transport failed. */
	public $status;

	/** @var array<string,string> Lower-case names; the last value of a repeated header. */
	public $headers;

	/** @var string */
	public $body;

	/** @var WP_Error|null Why no answer came (its message may hold transport details: debug log only). */
	public $failure;

	/** @var WP_Error|null The transport would not carry the call, and this is the answer to give as it is. */
	public $refusal;

	/** @var int */
	public $duration_ms;

	/**
	 * @param array<string,string> $headers
	 */
	private function __construct( int $status, array $headers, string $body, int $duration_ms ) {
		$this->status      = $status;
		$this->headers     = $headers;
		$this->body        = $body;
		$this->duration_ms = $duration_ms;
	}

	/**
	 * @param array<string,string> $headers Any case.
	 */
	public static function received( int $status, array $headers, string $body, int $duration_ms ): self {
		return new self( $status, array_change_key_case( $headers, CASE_LOWER ), $body, $duration_ms );
	}

	/**
	 * No answer came: the client maps the failure (Errors::transport()).
	 */
	public static function failed( WP_Error $failure, int $duration_ms ): self {
		$answer          = new self( 0, array(), '', $duration_ms );
		$answer->failure = $failure;
		return $answer;
	}

	/**
	 * The transport decided not to carry the call; $error (made with Errors::make()) is the answer as it is.
	 */
	public static function refused( WP_Error $error ): self {
		$answer          = new self( 0, array(), '', 0 );
		$answer->refusal = $error;
		return $answer;
	}
}
