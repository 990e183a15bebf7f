<?php
/**
 * Checks connection settings. Each check answers null when the value is acceptable, or a message naming the
 * problem and the fix, to be shown next to the field.
 *
 * WooCommerce REST API keys are 'ck_' + 40 hex characters and 'cs_' + 40 hex characters (wc_rand_hash()).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Credentials;

final class Validator {

	public const KEY_PATTERN    = '/^ck_[0-9a-f]{40}$/';
	public const SECRET_PATTERN = '/^cs_[0-9a-f]{40}$/';
	public const MIN_TIMEOUT    = 2;
	public const MAX_TIMEOUT    = 60;
	public const MAX_URL_LENGTH = 2048;

	/**
	 * @param mixed $url A store address; '' means "this site".
	 */
	public static function store_url( $url ): ?string {
		if ( ! is_string( $url ) ) {
			return __( 'The store URL must be text.', 'cart-sessions-for-cocart' );
		}
		$url = trim( $url );
		if ( '' === $url ) {
			return null;
		}
		if ( strlen( $url ) > self::MAX_URL_LENGTH ) {
			return __( 'The store URL is too long.', 'cart-sessions-for-cocart' );
		}
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return __(
				'Enter the store’s full address, starting with https:// (for example https://shop.example.com).',
				'cart-sessions-for-cocart'
			);
		}
		if ( ! in_array( strtolower( $parts['scheme'] ), array( 'http', 'https' ), true ) ) {
			return __(
				'The store URL must start with https:// (or http:// for a store without HTTPS).',
				'cart-sessions-for-cocart'
			);
		}
		if ( isset( $parts['user'] ) || isset( $parts['pass'] ) ) {
			return __(
				'Leave user names and passwords out of the store URL; enter the API key pair in its own fields.',
				'cart-sessions-for-cocart'
			);
		}
		if ( isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
			return __(
				'The store URL must be the site’s home address, without ?query or #fragment.',
				'cart-sessions-for-cocart'
			);
		}
		if ( preg_match( '/[\s<>"\'\\\\]/', $url ) ) {
			return __(
				'The store URL contains characters that are not allowed in an address.',
				'cart-sessions-for-cocart'
			);
		}
		return null;
	}

	/**
	 * The address as stored: trimmed, lower-case scheme and host, no trailing slash. Call after store_url().
	 */
	/**
	 * The origin of a URL, scheme://host:port with the port always written (80/443 when the URL has none), the
	 * way the saved key pairs are bound to their store: another scheme, host or port is another store. '' when the
	 * URL has no scheme or host.
	 */
	public static function origin( string $url ): string {
		$parts  = (array) wp_parse_url( trim( $url ) );
		$scheme = strtolower( (string) ( $parts['scheme'] ?? '' ) );
		$host   = strtolower( (string) ( $parts['host'] ?? '' ) );
		if ( '' === $scheme || '' === $host ) {
			return '';
		}
		$port = isset( $parts['port'] ) ? (int) $parts['port'] : ( 'https' === $scheme ? 443 : 80 );
		return $scheme . '://' . $host . ':' . $port;
	}

	public static function normalise_url( string $url ): string {
		$url = trim( $url );
		if ( '' === $url ) {
			return '';
		}
		$parts = (array) wp_parse_url( $url );
		$out   = strtolower( (string) $parts['scheme'] ) . '://' . strtolower( (string) $parts['host'] );
		if ( isset( $parts['port'] ) ) {
			$out .= ':' . (int) $parts['port'];
		}
		return $out . rtrim( (string) ( $parts['path'] ?? '' ), '/' );
	}

	/**
	 * @param mixed $key
	 */
	public static function consumer_key( $key ): ?string {
		if ( ! is_string( $key ) ) {
			return __( 'The consumer key must be text.', 'cart-sessions-for-cocart' );
		}
		$key = trim( $key );
		if ( 0 === strpos( $key, 'cs_' ) ) {
			return __(
				'This is a consumer secret (it starts with cs_). Paste the consumer key, which starts with ck_.',
				'cart-sessions-for-cocart'
			);
		}
		if ( ! preg_match( self::KEY_PATTERN, $key ) ) {
			return __( 'A consumer key is "ck_" followed by 40 letters a–f and digits. Copy it again from WooCommerce → Settings → Advanced → REST API.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		}
		return null;
	}

	/**
	 * @param mixed $secret
	 */
	public static function consumer_secret( $secret ): ?string {
		if ( ! is_string( $secret ) ) {
			return __( 'The consumer secret must be text.', 'cart-sessions-for-cocart' );
		}
		$secret = trim( $secret );
		if ( 0 === strpos( $secret, 'ck_' ) ) {
			return __(
				'This is a consumer key (it starts with ck_). Paste the consumer secret, which starts with cs_.',
				'cart-sessions-for-cocart'
			);
		}
		if ( ! preg_match( self::SECRET_PATTERN, $secret ) ) {
			return __( 'A consumer secret is "cs_" followed by 40 letters a–f and digits. WooCommerce shows it only once, when the key is created: create a new key if you no longer have it.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		}
		return null;
	}

	/**
	 * @param mixed $timeout Seconds.
	 */
	public static function timeout( $timeout ): ?string {
		// phpcs:ignore Universal.Operators.StrictComparisons -- "30" and 30.0 are whole numbers of seconds.
		$whole = is_numeric( $timeout ) && (int) $timeout == $timeout;
		if ( ! $whole || (int) $timeout < self::MIN_TIMEOUT || (int) $timeout > self::MAX_TIMEOUT ) {
			return sprintf(
				/* translators: 1: minimum, 2: maximum seconds */
				__( 'The timeout must be a whole number of seconds from %1$d to %2$d.', 'cart-sessions-for-cocart' ),
				self::MIN_TIMEOUT,
				self::MAX_TIMEOUT
			);
		}
		return null;
	}

	/**
	 * "ck_…a1b2": enough to recognise a key, never enough to use it.
	 */
	public static function hint( string $key ): string {
		$key = trim( $key );
		if ( strlen( $key ) < 12 ) {
			return '' === $key ? '' : '…';
		}
		return substr( $key, 0, 3 ) . '…' . substr( $key, -4 );
	}
}
