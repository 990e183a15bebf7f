<?php
/**
 * Scrubs credentials out of text before it goes anywhere visible (error messages, the debug log, Site Health):
 * every known secret, the values of consumer_key / consumer_secret / oauth_signature / oauth_nonce parameters,
 * and Authorization headers.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

final class Redactor {

	public const MASK = '[redacted]';

	/**
	 * @param string[] $secrets Exact strings to remove (the consumer secrets in use).
	 */
	public static function redact( string $text, array $secrets = array() ): string {
		foreach ( $secrets as $secret ) {
			if ( is_string( $secret ) && strlen( $secret ) >= 8 ) {
				$forms = array( $secret, rawurlencode( $secret ), substr( $secret, 3 ) );
				$text  = str_replace( $forms, self::MASK, $text );
			}
		}
		$names   = 'consumer_secret|consumer_key|oauth_signature|oauth_nonce|oauth_consumer_key|password';
		$pattern = '/((?:' . $names . ')(?:=|%3D|"\s*:\s*"|\'\s*=>\s*\'))[^&"\'\s<]+/i';
		$text    = (string) preg_replace( $pattern, '$1' . self::MASK, $text );
		$header  = '/(Authorization:\s*(?:Basic|Bearer|OAuth)\s+)\S+/i';
		$text    = (string) preg_replace( $header, '$1' . self::MASK, $text );
		$text    = (string) preg_replace( '/\bcs_[0-9a-f]{8,}\b/i', 'cs_' . self::MASK, $text );
		return $text;
	}
}
