<?php
/**
 * Layers point one way: a class may use classes of its own layer or of a lower one, never of a higher one.
 *
 * The order is declared once, in the project's phpcs.xml.dist (property `layers`: top folder under includes/ →
 * its rank, higher = closer to the user). A name in the CartSessions namespace whose top folder ranks higher than
 * the file's own is an upward dependency and an error, whether it comes through `use` or a qualified name.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sniffs\Architecture;

use PHP_CodeSniffer\Files\File;
use PHP_CodeSniffer\Sniffs\Sniff;

final class LayersSniff implements Sniff {

	/**
	 * Top folder (or root class) under includes/ => rank; set in phpcs.xml.dist.
	 *
	 * @var array<string, string>
	 */
	public $layers = array();

	/**
	 * The root namespace mapped to includes/.
	 *
	 * @var string
	 */
	public $root_namespace = 'CartSessions';

	public function register() {
		return array( T_OPEN_TAG );
	}

	/**
	 * Reads the whole file once: its namespace gives its layer; every CartSessions\X name is checked against it.
	 *
	 * @param File $file  The file.
	 * @param int  $start The open tag.
	 * @return int The end of the file (one pass per file).
	 */
	public function process( File $file, $start ) {
		$tokens = $file->getTokens();
		$own    = null;
		$count  = count( $tokens );
		for ( $i = $start; $i < $count; $i++ ) {
			if ( T_NAMESPACE === $tokens[ $i ]['code'] && null === $own ) {
				$namespace = $this->name_at( $file, $i + 1 )[0];
				// A class right in the root namespace (includes/Plugin.php) is its own layer, named after it.
				$own = $namespace === $this->root_namespace
					? basename( $file->getFilename(), '.php' )
					: $this->top_part( $namespace );
				if ( null === $own || ! isset( $this->layers[ $own ] ) ) {
					if ( null !== $own ) {
						$message = 'Folder "%s" has no layer in phpcs.xml.dist (property "layers").';
						$file->addError( $message, $i, 'UnknownLayer', array( $own ) );
					}
					return $count;
				}
				continue;
			}
			if ( null === $own || ! in_array( $tokens[ $i ]['code'], array( T_STRING, T_NS_SEPARATOR ), true ) ) {
				continue;
			}
			list( $name, $end ) = $this->name_at( $file, $i );
			$i                  = $end;
			$used               = $this->top_part( $name );
			if ( null === $used || ! isset( $this->layers[ $used ] ) || $used === $own ) {
				continue;
			}
			if ( (int) $this->layers[ $used ] > (int) $this->layers[ $own ] ) {
				$file->addError(
					'%s (layer %s) must not depend on %s (layer %s): layers point down (phpcs.xml.dist, "layers").',
					$end,
					'Upward',
					array( $own, $this->layers[ $own ], $name, $this->layers[ $used ] )
				);
			}
		}
		return $count;
	}

	/**
	 * The qualified name starting at $from (leading whitespace skipped) and the index of its last token.
	 *
	 * @param File $file The file.
	 * @param int  $from Where to start.
	 * @return array{0: string, 1: int}
	 */
	private function name_at( File $file, int $from ): array {
		$tokens = $file->getTokens();
		$name   = '';
		$end    = $from;
		for ( $i = $from; isset( $tokens[ $i ] ); $i++ ) {
			$code = $tokens[ $i ]['code'];
			if ( T_WHITESPACE === $code && '' === $name ) {
				continue;
			}
			if ( T_STRING !== $code && T_NS_SEPARATOR !== $code ) {
				break;
			}
			$name .= $tokens[ $i ]['content'];
			$end   = $i;
		}
		return array( ltrim( $name, '\\' ), $end );
	}

	/**
	 * "CartSessions\Sessions\Service" → "Sessions"; a name outside the root namespace → null.
	 *
	 * @param string $name A qualified name.
	 * @return string|null
	 */
	private function top_part( string $name ): ?string {
		$parts = explode( '\\', $name );
		if ( count( $parts ) < 2 || $this->root_namespace !== $parts[0] ) {
			return null;
		}
		return $parts[1];
	}
}
