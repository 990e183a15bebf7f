<?php
/**
 * What came back from HttpTestCase::request(): status, headers (lower-cased names), body, decoded JSON,
 * curl error number and elapsed time.
 */

declare(strict_types=1);

final class HttpResult {

	/** @var int */
	public $status;

	/** @var array<string,string> Lower-cased header names. */
	public $headers = array();

	/** @var string */
	public $body;

	/** @var mixed Decoded JSON, or null. */
	public $json;

	/** @var int curl error number (28 = timeout). */
	public $errno;

	/** @var float seconds */
	public $elapsed;

	public function __construct( int $status, string $head, string $body, int $errno, float $elapsed ) {
		$this->status  = $status;
		$this->body    = $body;
		$this->errno   = $errno;
		$this->elapsed = $elapsed;
		$this->json    = json_decode( $body, true );
		// With a 100-continue or a proxy there can be several header blocks: keep the last.
		$blocks = preg_split( "/\r\n\r\n/", trim( $head ) );
		foreach ( explode( "\r\n", (string) end( $blocks ) ) as $line ) {
			if ( false !== strpos( $line, ':' ) ) {
				list( $name, $value )                        = explode( ':', $line, 2 );
				$this->headers[ strtolower( trim( $name ) ) ] = trim( $value );
			}
		}
	}

	public function header( string $name ): ?string {
		return $this->headers[ strtolower( $name ) ] ?? null;
	}
}
