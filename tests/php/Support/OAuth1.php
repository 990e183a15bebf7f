<?php
/**
 * One-legged OAuth 1.0a request signing as RFC 5849 §3.4 describes it (written for the tests, independently
 * of the double's verifier): base string METHOD&enc(base URL)&enc(sorted, encoded k=v pairs joined by &),
 * key enc(secret)&, signature base64(HMAC).
 */

declare(strict_types=1);

final class OAuth1 {

	public static function enc( string $s ): string {
		return str_replace( '%7E', '~', rawurlencode( $s ) );
	}

	/**
	 * @param array<string,string> $params
	 */
	public static function build_query( array $params ): string {
		$pairs = array();
		foreach ( $params as $k => $v ) {
			$pairs[] = self::enc( (string) $k ) . '=' . self::enc( (string) $v );
		}
		return implode( '&', $pairs );
	}

	/**
	 * The query parameters with the oauth_* ones added.
	 *
	 * @param array<string,string> $query
	 * @param array<string,string> $override e.g. oauth_timestamp, oauth_nonce (for replay/window tests)
	 * @return array<string,string>
	 */
	public static function sign(
		string $method,
		string $url,
		array $query,
		string $ck,
		string $cs,
		string $algorithm = 'HMAC-SHA256',
		array $override = array()
	): array {
		$params = array_merge(
			$query,
			array(
				'oauth_consumer_key'     => $ck,
				'oauth_nonce'            => bin2hex( random_bytes( 16 ) ),
				'oauth_signature_method' => $algorithm,
				'oauth_timestamp'        => (string) time(),
			),
			$override
		);
		$encoded = array();
		foreach ( $params as $k => $v ) {
			$encoded[] = array( self::enc( (string) $k ), self::enc( (string) $v ) );
		}
		usort(
			$encoded,
			static function ( array $a, array $b ): int {
				return strcmp( $a[0], $b[0] ) ?: strcmp( $a[1], $b[1] );
			}
		);
		$param_string = implode(
			'&',
			array_map( static function ( array $p ): string { return $p[0] . '=' . $p[1]; }, $encoded )
		);
		$base         = strtoupper( $method ) . '&' . self::enc(
			strtok( $url, '?' )
		) . '&' . self::enc( $param_string );
		$hash         = 'HMAC-SHA1' === $algorithm ? 'sha1' : 'sha256';
		$params['oauth_signature'] = base64_encode( hash_hmac( $hash, $base, self::enc( $cs ) . '&', true ) );
		return $params;
	}
}
