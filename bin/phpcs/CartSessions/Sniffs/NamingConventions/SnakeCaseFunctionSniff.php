<?php
/**
 * Functions and methods are named in snake_case, as WordPress names them. Excepted: magic methods, the PHPUnit
 * hooks listed in `allowed`, and custom assertions (`assertNoSecret()`), which follow PHPUnit's own naming.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sniffs\NamingConventions;

use PHP_CodeSniffer\Files\File;
use PHP_CodeSniffer\Sniffs\Sniff;

final class SnakeCaseFunctionSniff implements Sniff {

	/**
	 * Names that a framework dictates (PHPUnit's setUp() and friends).
	 *
	 * @var string[]
	 */
	public $allowed = array( 'setUp', 'tearDown', 'setUpBeforeClass', 'tearDownAfterClass', 'assertPreConditions' );

	public function register() {
		return array( T_FUNCTION );
	}

	/**
	 * Checks one function's name.
	 *
	 * @param File $file     The file.
	 * @param int  $function The `function` token.
	 * @return void
	 */
	public function process( File $file, $function ) {
		$name = $file->getDeclarationName( $function );
		if ( null === $name || 0 === strpos( $name, '__' ) || in_array( $name, $this->allowed, true )
			|| preg_match( '/^assert[A-Z][A-Za-z0-9]*$/', $name ) ) {
			return;
		}
		if ( ! preg_match( '/^[a-z][a-z0-9_]*$/', $name ) ) {
			$file->addError( 'Function "%s" is not in snake_case.', $function, 'NotSnakeCase', array( $name ) );
		}
	}
}
