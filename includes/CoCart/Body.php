<?php
/**
 * Reads a JSON answer that may have PHP notices, warnings or a BOM printed before it (hosts with display_errors
 * on; CoCart ≤ 4.7.0 warns on carts without customer data, docs/cocart-api.md#one-cart).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

final class Body {

	/**
	 * @return array{ok:bool,data:mixed,noise:bool}
	 */
	public static function decode( string $body ): array {
		$trimmed = trim( $body );
		if ( 0 === strpos( $trimmed, "\xEF\xBB\xBF" ) ) {
			$trimmed = trim( substr( $trimmed, 3 ) );
		}
		if ( '' === $trimmed ) {
			return array( 'ok' => false, 'data' => null, 'noise' => false );
		}
		$data = json_decode( $trimmed, true );
		if ( null !== $data || 'null' === $trimmed ) {
			return array( 'ok' => true, 'data' => $data, 'noise' => $trimmed !== trim( $body ) );
		}
		// Skip what PHP prints for notices: "<br />\n<b>Warning</b>:  … on line <b>12</b><br />" or the plain-text
		// "PHP Warning:  … on line 12" / "Warning: … on line 12", one or more times.
		$kinds = 'Warning|Notice|Deprecated|Strict Standards|Fatal error|Parse error';
		$noise = '/^(?:\s*(?:<br\s*\/?>\s*)?(?:<b>)?(?:PHP\s+)?(?:' . $kinds . ')(?:<\/b>)?:'
			. '.*?on line\s*(?:<b>)?\d+(?:<\/b>)?(?:<br\s*\/?>)?\s*)+/is';
		$rest  = (string) preg_replace( $noise, '', $trimmed, 1 );
		if ( $rest !== $trimmed && '' !== $rest ) {
			$data = json_decode( $rest, true );
			if ( null !== $data ) {
				return array( 'ok' => true, 'data' => $data, 'noise' => true );
			}
		}
		return array( 'ok' => false, 'data' => null, 'noise' => false );
	}

	/**
	 * What kind of non-JSON page came back, for the error message.
	 */
	public static function describe_html( string $body ): string {
		$lower = strtolower( substr( $body, 0, 20000 ) );
		if ( false !== strpos( $lower, 'critical error' ) || false !== strpos( $lower, 'allowed memory size' ) ) {
			return 'critical_error';
		}
		if ( false !== strpos( $lower, 'checking your browser' ) || false !== strpos( $lower, 'just a moment' )
			|| false !== strpos( $lower, 'captcha' ) || false !== strpos( $lower, 'cf-ray' ) ) {
			return 'challenge';
		}
		if ( false !== strpos( $lower, 'maintenance' ) ) {
			return 'maintenance';
		}
		if ( '' !== $lower && ( '{' === $lower[0] || '[' === $lower[0] ) ) {
			return 'truncated';
		}
		if ( false !== strpos( $lower, '<html' ) || false !== strpos( $lower, '<!doctype' ) ) {
			return 'html';
		}
		return '' === trim( $lower ) ? 'empty' : 'text';
	}
}
