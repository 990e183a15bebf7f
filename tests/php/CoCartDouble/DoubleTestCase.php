<?php
/**
 * Shared helpers for the store double's conformance tests (docs/cocart-api.md). Not a test itself.
 */

declare(strict_types=1);

use CoCartDouble\Control;

abstract class DoubleTestCase extends HttpTestCase {

	/** The version modes that implement the source's routes (everything but "documented"). */
	public function source_modes(): array {
		return array(
			'4.2.0–4.3.5' => array( '4.2.0' ),
			'4.3.6'       => array( '4.3.6' ),
			'4.7.0'       => array( '4.7.0' ),
			'4.8.0'       => array( '4.8.0' ),
		);
	}

	/** Modes in which a single session can be read (not 4.2.0–4.3.5). */
	public function readable_modes(): array {
		return array(
			'4.3.6' => array( '4.3.6' ),
			'4.7.0' => array( '4.7.0' ),
			'4.8.0' => array( '4.8.0' ),
		);
	}

	/** Modes in which a Basic ck:cs header works over HTTPS (not 4.8.0). */
	public function basic_modes(): array {
		return array(
			'4.2.0–4.3.5' => array( '4.2.0' ),
			'4.3.6'       => array( '4.3.6' ),
			'4.7.0'       => array( '4.7.0' ),
		);
	}

	protected function mode( string $mode ): void {
		Control::set_mode( $mode );
	}

	/**
	 * A GET/DELETE to a cocart/v2 path, signed with OAuth 1.0a over plain HTTP (works in every mode).
	 *
	 * @param array<string,mixed> $key
	 * @param array<string,mixed> $o
	 */
	protected function api( string $method, string $path, array $key, array $o = array() ): HttpResult {
		return $this->request(
			$method,
			self::HTTP . '/wp-json/' . ltrim( $path, '/' ),
			array( 'auth' => array( 'oauth', $key['consumer_key'], $key['consumer_secret'] ) ) + $o
		);
	}

	/**
	 * The list without the caller's own session row (cart_key = the key owner's user ID, docs/cocart-api.md#measured).
	 *
	 * @param array<string,mixed> $key
	 * @return array<int,array<string,mixed>>
	 */
	protected function customer_rows( HttpResult $r, array $key ): array {
		$this->assertIsArray( $r->json, $r->body );
		return array_values(
			array_filter(
				$r->json,
				static function ( array $row ) use ( $key ): bool {
					return (string) $key['user_id'] !== $row['cart_key'];
				}
			)
		);
	}
}
