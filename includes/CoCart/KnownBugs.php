<?php
/**
 * The CoCart releases with Sessions API bugs that change what this plugin can do, in one table: the connection
 * doctor's version check and the cart detail panel both read it, so they cannot disagree.
 *
 * Each bug: the first affected version (inclusive), the first fixed version (exclusive end).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

final class KnownBugs {

	/** Older than 3.1: the single-session answer has another shape. */
	public const TOO_OLD = 'too_old';

	/** 4.2.0–4.3.5: the controller calls a deprecated method that returns null; every single cart is "not found". */
	public const SESSION_NOT_FOUND = 'session_not_found';

	/** Up to 4.8.0: a cart's customer details are the API caller's (the key owner's), not the cart's. */
	public const CALLERS_CUSTOMER = 'callers_customer';

	/** 4.4.0–4.8.0: reading a cart that has items is a PHP fatal on the store (HTTP 500). */
	public const ITEMS_CRASH = 'items_crash';

	/** 4.8.0: the key in the Authorization header is refused (CoCart's own login check runs first). */
	public const BASIC_AUTH_REFUSED = 'basic_auth_refused';

	/** @var array<string,array{0:string,1:string}> bug => [ first affected, first fixed ] */
	private const TABLE = array(
		self::TOO_OLD            => array( '0', '3.1.0' ),
		self::SESSION_NOT_FOUND  => array( '4.2.0', '4.3.6' ),
		self::CALLERS_CUSTOMER   => array( '0', '4.8.1' ),
		self::ITEMS_CRASH        => array( '4.4.0', '4.8.1' ),
		self::BASIC_AUTH_REFUSED => array( '4.8.0', '4.8.1' ),
	);

	/**
	 * Whether a CoCart version has a bug. An unknown version has none that we can name.
	 */
	public static function has( string $bug, ?string $version ): bool {
		$number = self::number( $version );
		if ( '' === $number || ! isset( self::TABLE[ $bug ] ) ) {
			return false;
		}
		list( $from, $fixed ) = self::TABLE[ $bug ];
		return version_compare( $number, $from, '>=' ) && version_compare( $number, $fixed, '<' );
	}

	/**
	 * The version in which a bug was fixed, e.g. "4.8.1".
	 */
	public static function fixed_in( string $bug ): string {
		return self::TABLE[ $bug ][1] ?? '';
	}

	/**
	 * The numeric part of a version string ("4.3.6-beta.1" → "4.3.6"); "" when there is none.
	 */
	public static function number( ?string $version ): string {
		return null === $version ? '' : (string) preg_replace( '/[^0-9.].*$/', '', $version );
	}
}
