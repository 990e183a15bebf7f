<?php
/**
 * A `use` import that nothing in the file refers to (code or docblock types) is an error.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sniffs\Namespaces;

use PHP_CodeSniffer\Files\File;
use PHP_CodeSniffer\Sniffs\Sniff;

final class UnusedUseSniff implements Sniff {

	public function register() {
		return array( T_USE );
	}

	/**
	 * Checks one file-level import (closures' `use (…)` and trait imports inside classes are skipped).
	 *
	 * @param File $file The file.
	 * @param int  $use  The `use` token.
	 * @return void
	 */
	public function process( File $file, $use ) {
		$tokens = $file->getTokens();
		if ( ! empty( $tokens[ $use ]['conditions'] ) ) {
			return; // A trait import inside a class.
		}
		$next = $file->findNext( T_WHITESPACE, $use + 1, null, true );
		if ( false === $next || T_OPEN_PARENTHESIS === $tokens[ $next ]['code'] ) {
			return; // A closure's use ( … ).
		}
		$end = $file->findNext( array( T_SEMICOLON, T_OPEN_CURLY_BRACKET ), $use + 1 );
		if ( false === $end || T_OPEN_CURLY_BRACKET === $tokens[ $end ]['code'] ) {
			return; // Group imports are not used in this code base.
		}
		$alias = $file->findPrevious( T_STRING, $end - 1, $use );
		if ( false === $alias ) {
			return;
		}
		$short = strtolower( $tokens[ $alias ]['content'] );
		$count = count( $tokens );
		for ( $i = $end + 1; $i < $count; $i++ ) {
			$code = $tokens[ $i ]['code'];
			if ( T_STRING === $code && strtolower( $tokens[ $i ]['content'] ) === $short
				&& T_NS_SEPARATOR !== $tokens[ $i - 1 ]['code'] ) {
				return;
			}
			if ( in_array( $code, array( T_DOC_COMMENT_STRING, T_DOC_COMMENT_TAG ), true )
				&& preg_match( '/(?<![\w\\\\])' . preg_quote( $short, '/' ) . '\b/i', $tokens[ $i ]['content'] ) ) {
				return;
			}
		}
		$file->addError( 'Unused import "%s".', $use, 'Found', array( $tokens[ $alias ]['content'] ) );
	}
}
