<?php
/**
 * Finds user-facing text in PHP source that is not translatable, with PHP's own tokenizer:
 * - prose string literals passed, outside any gettext call, to what shows text to a person: echo/print,
 *   esc_html/esc_attr/printf/sprintf, wp_die, new WP_Error (and our Errors::make / $make), add_*_page titles,
 *   the doctor's add()/skip(), wp_add_privacy_policy_content, and array values under message/fix/label/title/
 *   description/help keys;
 * - gettext calls (__, _e, _x, _n, esc_html__, …) whose text domain is not the literal 'cart-sessions-for-cocart',
 *   whose text is not a literal (then nothing can extract it), or whose placeholders have no "translators:" comment.
 *
 * A line that says "phpcs:ignore WordPress.WP.I18n…" (with its reason) is skipped, as WordPress's coding standards do.
 *
 * "Prose": after tags and printf placeholders are removed, a capitalised word or two words in a row; code-like
 * strings (braces, semicolons, $) are not prose.
 */

declare(strict_types=1);

final class StringScanner {

	public const DOMAIN = 'cart-sessions-for-cocart';

	/** gettext function => index of its text-domain argument. */
	private const GETTEXT = array(
		'__'          => 1,
		'_e'          => 1,
		'esc_html__'  => 1,
		'esc_html_e'  => 1,
		'esc_attr__'  => 1,
		'esc_attr_e'  => 1,
		'_x'          => 2,
		'_ex'         => 2,
		'esc_html_x'  => 2,
		'esc_attr_x'  => 2,
		'_n'          => 3,
		'_nx'         => 4,
		'_n_noop'     => 2,
		'_nx_noop'    => 3,
	);

	/** Calls whose string arguments a person reads. */
	private const SINKS = array(
		'esc_html',
		'esc_attr',
		'printf',
		'sprintf',
		'wp_die',
		'WP_Error',
		'make',
		'$make',
		'add_menu_page',
		'add_submenu_page',
		'add_management_page',
		'add_options_page',
		'add',
		'skip',
		'wp_add_privacy_policy_content',
		'add_settings_error',
		'wp_send_json_error',
		'cart_sessions_guard_notice',
	);

	/**
	 * Calls whose text is for developers, in English by convention: WP-CLI's command help (registered before
	 * translations load), PHP's own error log, _doing_it_wrong().
	 */
	private const DEVELOPER_ONLY = array( 'add_command', 'error_log', '_doing_it_wrong', 'trigger_error' );

	/** Array keys whose values a person reads. */
	private const PROSE_KEYS = array( 'message', 'fix', 'label', 'title', 'description', 'help' );

	/**
	 * @return string[] "file:line: problem" for each finding.
	 */
	public static function scan_file( string $path, string $shown_as ): array {
		return self::scan( (string) file_get_contents( $path ), $shown_as );
	}

	/**
	 * @return string[] "name:line: problem" for each finding.
	 */
	public static function scan( string $source, string $name = 'code' ): array {
		$raw    = token_get_all( $source );
		$tokens = array(); // Code tokens only, each with the index of its raw token (comments are looked up there).
		foreach ( $raw as $i => $token ) {
			if (
				is_array( $token )
				&& in_array(
					$token[0],
					array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT, T_OPEN_TAG, T_CLOSE_TAG, T_INLINE_HTML ),
					true
				)
			) {
				continue;
			}
			$tokens[] = array( $token, $i );
		}
		$out   = array();
		$lines = explode( "\n", $source );
		foreach ( $tokens as $at => list( $token ) ) {
			if (
				is_array( $token )
				&& false !== strpos( $lines[ $token[2] - 1 ] ?? '', 'phpcs:ignore WordPress.WP.I18n' )
			) {
				continue; // Deliberate, and said so on the line (e.g. repeating one of core's own messages).
			}
			if (
				is_array( $token )
				&& T_STRING === $token[0]
				&& isset( self::GETTEXT[ strtolower( $token[1] ) ] )
				&& '(' === self::text( $tokens, $at + 1 )
				&& ! self::is_declaration( $tokens, $at )
			) {
				foreach ( self::check_gettext( $tokens, $raw, $at ) as $problem ) {
					$out[] = "$name:{$token[2]}: $problem";
				}
			}
			if ( ! is_array( $token ) || T_CONSTANT_ENCAPSED_STRING !== $token[0] ) {
				continue;
			}
			$value = self::literal( $token[1] );
			if ( ! self::is_prose( $value ) ) {
				continue;
			}
			$where = self::sink( $tokens, $at );
			if ( null !== $where ) {
				$out[] = "$name:{$token[2]}: untranslated text in $where: " . substr( $value, 0, 80 );
			}
		}
		return $out;
	}

	/**
	 * Where a prose literal goes, when that is somewhere a person reads it and not through gettext; else null.
	 *
	 * @param array<int,array{0:mixed,1:int}> $tokens
	 */
	private static function sink( array $tokens, int $at ): ?string {
		// Enclosing calls, from the inside out (and whether the literal is an echo/print argument).
		$depth = 0;
		$calls = array();
		$echo  = null;
		for ( $i = $at - 1; $i >= 0; $i-- ) {
			$text = self::text( $tokens, $i );
			if ( ')' === $text || ']' === $text ) {
				$depth++;
			} elseif ( '(' === $text || '[' === $text ) {
				if ( 0 === $depth ) {
					if ( '(' === $text ) {
						$calls[] = self::callee( $tokens, $i );
					}
				} else {
					$depth--;
				}
			} elseif ( 0 === $depth && in_array( $text, array( ';', '{', '}' ), true ) ) {
				if ( array() === $calls && in_array( self::type( $tokens, $i + 1 ), array( T_ECHO, T_PRINT ), true ) ) {
					$echo = self::text( $tokens, $i + 1 );
				}
				break;
			}
			if (
				0 === $i
				&& array() === $calls
				&& in_array( self::type( $tokens, 0 ), array( T_ECHO, T_PRINT ), true )
			) {
				$echo = self::text( $tokens, 0 );
			}
		}
		foreach ( $calls as $callee ) {
			if ( isset( self::GETTEXT[ strtolower( $callee ) ] ) || in_array( $callee, self::DEVELOPER_ONLY, true ) ) {
				return null; // Translated (or a context argument), or developers' English.
			}
		}
		if (
			T_DOUBLE_ARROW === self::type( $tokens, $at - 1 )
			&& in_array( self::literal( self::text( $tokens, $at - 2 ) ), self::PROSE_KEYS, true )
		) {
			return "'" . self::literal( self::text( $tokens, $at - 2 ) ) . "' =>";
		}
		if ( null !== $echo ) {
			return $echo;
		}
		foreach ( $calls as $callee ) {
			if ( in_array( $callee, self::SINKS, true ) ) {
				return $callee . '()';
			}
		}
		return null;
	}

	/**
	 * @param array<int,array{0:mixed,1:int}> $tokens
	 * @param array<int,mixed>                $raw
	 * @return string[]
	 */
	private static function check_gettext( array $tokens, array $raw, int $at ): array {
		$function = strtolower( self::text( $tokens, $at ) );
		$args     = self::arguments( $tokens, $at + 1 );
		$problems = array();
		$domain   = $args[ self::GETTEXT[ $function ] ] ?? array();
		if (
			1 !== count( $domain )
			|| T_CONSTANT_ENCAPSED_STRING !== self::type( $tokens, $domain[0] )
			|| self::DOMAIN !== self::literal( self::text( $tokens, $domain[0] ) )
		) {
			$problems[] = "$function() without the text domain '" . self::DOMAIN . "'";
		}
		$text = $args[0] ?? array();
		if ( 1 !== count( $text ) || T_CONSTANT_ENCAPSED_STRING !== self::type( $tokens, $text[0] ) ) {
			$problems[] = "$function() with a text that is not a single string literal (it cannot be extracted)";
		} elseif (
			preg_match( '/%(\d+\$)?[sdf]/', self::literal( self::text( $tokens, $text[0] ) ) )
			&& ! self::has_translators_comment( $tokens, $raw, $at )
		) {
			$problems[] = "$function() with a placeholder but no /* translators: */ comment before it";
		}
		return $problems;
	}

	/**
	 * A "translators:" comment between the gettext call and the start of its statement.
	 *
	 * @param array<int,array{0:mixed,1:int}> $tokens
	 * @param array<int,mixed>                $raw
	 */
	private static function has_translators_comment( array $tokens, array $raw, int $at ): bool {
		$stop = 0;
		for ( $i = $at - 1; $i >= 0; $i-- ) {
			if ( in_array( self::text( $tokens, $i ), array( ';', '{', '}' ), true ) ) {
				$stop = $tokens[ $i ][1];
				break;
			}
		}
		for ( $r = $tokens[ $at ][1] - 1; $r > $stop; $r-- ) {
			if (
				is_array( $raw[ $r ] )
				&& in_array( $raw[ $r ][0], array( T_COMMENT, T_DOC_COMMENT ), true )
				&& false !== stripos( $raw[ $r ][1], 'translators:' )
			) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The call's arguments as lists of token positions, split at top-level commas. $open is the "(" position.
	 *
	 * @param array<int,array{0:mixed,1:int}> $tokens
	 * @return array<int,int[]>
	 */
	private static function arguments( array $tokens, int $open ): array {
		$args  = array( array() );
		$depth = 0;
		for ( $i = $open + 1, $n = count( $tokens ); $i < $n; $i++ ) {
			$text = self::text( $tokens, $i );
			if ( in_array( $text, array( '(', '[', '{' ), true ) ) {
				$depth++;
			} elseif ( in_array( $text, array( ')', ']', '}' ), true ) ) {
				if ( 0 === $depth ) {
					break;
				}
				$depth--;
			} elseif ( ',' === $text && 0 === $depth ) {
				$args[] = array();
				continue;
			}
			$args[ count( $args ) - 1 ][] = $i;
		}
		return $args;
	}

	/**
	 * What is called by the "(" at $open: a function or method name, a class after new, "$make" for a closure in a
	 * variable, or "" (a control structure, a grouping parenthesis).
	 *
	 * @param array<int,array{0:mixed,1:int}> $tokens
	 */
	private static function callee( array $tokens, int $open ): string {
		$type = self::type( $tokens, $open - 1 );
		if (
			T_STRING === $type
			|| T_VARIABLE === $type
			|| ( defined( 'T_NAME_FULLY_QUALIFIED' ) && T_NAME_FULLY_QUALIFIED === $type )
		) {
			return ltrim( self::text( $tokens, $open - 1 ), '\\' );
		}
		return '';
	}

	/**
	 * @param array<int,array{0:mixed,1:int}> $tokens
	 */
	private static function is_declaration( array $tokens, int $at ): bool {
		return in_array( self::type( $tokens, $at - 1 ), array( T_FUNCTION, T_OBJECT_OPERATOR, T_DOUBLE_COLON ), true );
	}

	/**
	 * @param array<int,array{0:mixed,1:int}> $tokens
	 */
	private static function text( array $tokens, int $i ): string {
		if ( ! isset( $tokens[ $i ] ) ) {
			return '';
		}
		$token = $tokens[ $i ][0];
		return is_array( $token ) ? $token[1] : $token;
	}

	/**
	 * @param array<int,array{0:mixed,1:int}> $tokens
	 */
	private static function type( array $tokens, int $i ): ?int {
		return isset( $tokens[ $i ] ) && is_array( $tokens[ $i ][0] ) ? $tokens[ $i ][0][0] : null;
	}

	private static function literal( string $quoted ): string {
		if ( strlen( $quoted ) >= 2 && ( "'" === $quoted[0] || '"' === $quoted[0] ) ) {
			return stripcslashes( substr( $quoted, 1, -1 ) );
		}
		return $quoted;
	}

	public static function is_prose( string $value ): bool {
		if ( preg_match( '/[{};$]|==/', $value ) ) {
			return false; // Code (inline JavaScript, SQL fragments with placeholders are caught elsewhere).
		}
		$text = trim( (string) preg_replace( '/%(\d+\$)?[-+ 0]*\d*(\.\d+)?[sdfu]/', ' ', strip_tags( $value ) ) );
		return 1 === preg_match( '/\b\p{Lu}\p{Ll}+\b|\p{L}{2,}\s+\p{L}{2,}/u', $text );
	}
}
