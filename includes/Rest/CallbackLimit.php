<?php
/**
 * The rate limit of the connect callback, the one route anyone can call: each address (REMOTE_ADDR; a forwarded
 * header could be forged) gets LIMIT refused callbacks per WINDOW, then 429 until the window ends. Only refusals
 * count: a store delivering a key is never slowed, while guessing tokens (64 hex characters, so hopeless anyway)
 * or flooding the route with junk stops quickly. Behind a reverse proxy every caller shares the proxy's address;
 * the limit then protects the route as a whole, and the manual way of connecting still works.
 *
 * Storage: option cart_sessions_connect_refusals, address hash => [window start, refusals], pruned on write.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

final class CallbackLimit {

	public const OPTION = 'cart_sessions_connect_refusals';

	public const WINDOW = 10 * MINUTE_IN_SECONDS;

	public const LIMIT = 20;

	/** Addresses remembered at most (the oldest windows go first). */
	private const MAX_ADDRESSES = 500;

	/**
	 * Refusals allowed per address and window; filter cart_sessions_connect_callback_limit.
	 */
	public static function limit(): int {
		return max( 1, (int) apply_filters( 'cart_sessions_connect_callback_limit', self::LIMIT ) );
	}

	/**
	 * Seconds until this address may call again, or 0.
	 */
	public static function wait( string $address ): int {
		$entry = self::entries()[ self::key( $address ) ] ?? null;
		if ( null === $entry || time() - $entry[0] >= self::WINDOW || $entry[1] < self::limit() ) {
			return 0;
		}
		return max( 1, $entry[0] + self::WINDOW - time() );
	}

	public static function count_refusal( string $address ): void {
		$now     = time();
		$entries = array_filter(
			self::entries(),
			static function ( array $entry ) use ( $now ): bool {
				return $now - $entry[0] < self::WINDOW;
			}
		);
		$key     = self::key( $address );
		$entry   = $entries[ $key ] ?? array( $now, 0 );
		unset( $entries[ $key ] );
		$entries[ $key ] = array( $entry[0], $entry[1] + 1 ); // Last in the list: the newest.
		update_option( self::OPTION, array_slice( $entries, -self::MAX_ADDRESSES, null, true ), false );
	}

	/**
	 * @return array<string,array{0:int,1:int}>
	 */
	private static function entries(): array {
		$entries = get_option( self::OPTION, array() );
		$out     = array();
		foreach ( is_array( $entries ) ? $entries : array() as $key => $entry ) {
			if ( is_array( $entry ) && 2 === count( $entry ) ) {
				$out[ (string) $key ] = array( (int) $entry[0], (int) $entry[1] );
			}
		}
		return $out;
	}

	private static function key( string $address ): string {
		return substr( hash( 'sha256', $address ), 0, 16 );
	}
}
