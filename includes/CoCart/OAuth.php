<?php
/**
 * One-legged OAuth 1.0a request signing, as WooCommerce's WC_REST_Authentication checks it over plain HTTP
 * (docs/cocart-api.md#authentication): the oauth_* parameters travel in the query string; the base string is
 * METHOD & enc(scheme://host[:port]/path) & enc(k=v pairs sorted by key, each key and value RFC 3986-encoded),
 * and the HMAC key is enc(consumer_secret) & enc(token_secret) — with no token, "secret&".
 *
 * WooCommerce sorts by the raw key (uksort strcmp) and encodes with rawurlencode plus "~" unescaped
 * (wc_rest_urlencode_rfc3986); for the flat parameters this client sends that is the RFC's normalisation.
 * It rebuilds the URL from the store's own home URL, so the store URL here must be the store's real address.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

final class OAuth {

	public static function encode( string $value ): string {
		return str_replace( '%7E', '~', rawurlencode( $value ) );
	}

	/**
	 * The base string URI: scheme and host lower-cased, default ports dropped, no query or fragment.
	 */
	public static function base_uri( string $url ): string {
		$parts  = (array) wp_parse_url( $url );
		$scheme = strtolower( (string) ( $parts['scheme'] ?? 'http' ) );
		$host   = strtolower( (string) ( $parts['host'] ?? '' ) );
		$port   = isset( $parts['port'] ) ? (int) $parts['port'] : null;
		$default = ( 'http' === $scheme && 80 === $port ) || ( 'https' === $scheme && 443 === $port );
		if ( null !== $port && ! $default ) {
			$host .= ':' . $port;
		}
		$path = (string) ( $parts['path'] ?? '/' );
		return $scheme . '://' . $host . ( '' === $path ? '/' : $path );
	}

	/**
	 * @param array<string,scalar> $params Every parameter that is signed (query and oauth_*), not oauth_signature.
	 */
	public static function base_string( string $method, string $url, array $params ): string {
		unset( $params['oauth_signature'] );
		uksort( $params, 'strcmp' );
		$pairs = array();
		foreach ( $params as $key => $value ) {
			$pairs[] = self::encode( (string) $key ) . '=' . self::encode( (string) $value );
		}
		return strtoupper( $method )
			. '&' . self::encode( self::base_uri( $url ) )
			. '&' . self::encode( implode( '&', $pairs ) );
	}

	public static function signature(
		string $base_string,
		string $consumer_secret,
		string $algorithm = 'HMAC-SHA256',
		string $token_secret = ''
	): string {
		$hash = 'HMAC-SHA1' === $algorithm ? 'sha1' : 'sha256';
		$key  = self::encode( $consumer_secret ) . '&' . self::encode( $token_secret );
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		return base64_encode( hash_hmac( $hash, $base_string, $key, true ) );
	}

	/**
	 * The query parameters to send: $query plus the oauth_* ones and the signature.
	 *
	 * @param array<string,scalar> $query
	 * @return array<string,string>
	 */
	public static function sign(
		string $method,
		string $url,
		array $query,
		string $consumer_key,
		string $consumer_secret,
		string $algorithm = 'HMAC-SHA256',
		?int $timestamp = null,
		?string $nonce = null
	): array {
		$params = array_map( 'strval', $query );
		$params['oauth_consumer_key']     = $consumer_key;
		$params['oauth_nonce']            = $nonce ?? bin2hex( random_bytes( 16 ) );
		$params['oauth_signature_method'] = $algorithm;
		$params['oauth_timestamp']        = (string) ( $timestamp ?? time() );
		$base                             = self::base_string( $method, $url, $params );
		$params['oauth_signature']        = self::signature( $base, $consumer_secret, $algorithm );
		return $params;
	}

	/**
	 * A query string with RFC 3986 encoding (spaces as %20, never "+", which PHP would read back as a space).
	 *
	 * @param array<string,scalar> $params
	 */
	public static function build_query( array $params ): string {
		$pairs = array();
		foreach ( $params as $key => $value ) {
			$pairs[] = self::encode( (string) $key ) . '=' . self::encode( (string) $value );
		}
		return implode( '&', $pairs );
	}
}
