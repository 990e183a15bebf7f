<?php
/**
 * The store's products. There is no WooCommerce here, so the double keeps a small fixed catalogue; cart items
 * refer to these IDs the way WooCommerce cart items refer to products. An item whose product is not in the
 * catalogue is a deleted product (the single view of its cart then fatals).
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class Catalogue {

	/**
	 * id => product. Prices are decimal strings as WooCommerce stores them; weight in kg, dimensions in cm.
	 * Variations have a parent and the attributes that pick them.
	 *
	 * @var array<int,array<string,mixed>>
	 */
	private const PRODUCTS = array(
		16 => array(
			'name'   => 'Beanie',
			'slug'   => 'beanie',
			'sku'    => 'woo-beanie',
			'price'  => '18',
			'weight' => '0.2',
			'dims'   => array( '', '', '' ),
			'type'   => 'simple',
		),
		17 => array(
			'name'   => 'Belt',
			'slug'   => 'belt',
			'sku'    => 'woo-belt',
			'price'  => '55',
			'weight' => '1.2',
			'dims'   => array( '', '', '' ),
			'type'   => 'simple',
		),
		18 => array(
			'name'   => 'Cap',
			'slug'   => 'cap',
			'sku'    => 'woo-cap',
			'price'  => '16',
			'weight' => '0.6',
			'dims'   => array( '8', '6.5', '4' ),
			'type'   => 'simple',
		),
		19 => array(
			'name'   => 'Sunglasses',
			'slug'   => 'sunglasses',
			'sku'    => 'woo-sunglasses',
			'price'  => '90',
			'weight' => '0.2',
			'dims'   => array( '4', '1.4', '1' ),
			'type'   => 'simple',
		),
		20 => array(
			'name'   => 'Hoodie with Logo',
			'slug'   => 'hoodie-with-logo',
			'sku'    => 'woo-hoodie-with-logo',
			'price'  => '45',
			'weight' => '2',
			'dims'   => array( '10', '6', '3' ),
			'type'   => 'simple',
		),
		21 => array(
			'name'   => 'T-Shirt',
			'slug'   => 't-shirt',
			'sku'    => 'woo-tshirt',
			'price'  => '18',
			'weight' => '0.5',
			'dims'   => array( '8', '6', '1' ),
			'type'   => 'simple',
		),
		22 => array(
			'name'   => 'Album',
			'slug'   => 'album',
			'sku'    => 'woo-album',
			'price'  => '15',
			'weight' => '',
			'dims'   => array( '', '', '' ),
			'type'   => 'simple',
		),
		23 => array(
			'name'   => 'Single',
			'slug'   => 'single',
			'sku'    => 'woo-single',
			'price'  => '2',
			'weight' => '',
			'dims'   => array( '', '', '' ),
			'type'   => 'simple',
		),
		24 => array(
			'name'   => 'Long Sleeve Tee',
			'slug'   => 'long-sleeve-tee',
			'sku'    => 'woo-long-sleeve-tee',
			'price'  => '25',
			'weight' => '1',
			'dims'   => array( '7', '5', '2' ),
			'type'   => 'simple',
		),
		25 => array(
			'name'   => 'Polo',
			'slug'   => 'polo',
			'sku'    => 'woo-polo',
			'price'  => '20',
			'weight' => '0.8',
			'dims'   => array( '6', '5', '1' ),
			'type'   => 'simple',
		),
		26 => array(
			'name'   => 'Gift card “Ünïcödé” <b>50</b>',
			'slug'   => 'gift-card-50',
			'sku'    => '',
			'price'  => '50',
			'weight' => '',
			'dims'   => array( '', '', '' ),
			'type'   => 'simple',
		),
		31 => array(
			'name'       => 'Hoodie - Blue, Yes',
			'title'      => 'Hoodie',
			'slug'       => 'hoodie-blue-yes',
			'sku'        => 'woo-hoodie-blue-logo',
			'price'      => '45',
			'weight'     => '1.5',
			'dims'       => array( '10', '8', '3' ),
			'type'       => 'variation',
			'parent'     => 30,
			'attributes' => array( 'attribute_pa_color' => 'blue', 'attribute_logo' => 'Yes' ),
		),
		32 => array(
			'name'       => 'Hoodie - Red, No',
			'title'      => 'Hoodie',
			'slug'       => 'hoodie-red-no',
			'sku'        => 'woo-hoodie-red',
			'price'      => '42',
			'weight'     => '1.5',
			'dims'       => array( '10', '8', '3' ),
			'type'       => 'variation',
			'parent'     => 30,
			'attributes' => array( 'attribute_pa_color' => 'red', 'attribute_logo' => 'No' ),
		),
		33 => array(
			'name'       => 'Hoodie - Green, No',
			'title'      => 'Hoodie',
			'slug'       => 'hoodie-green-no',
			'sku'        => 'woo-hoodie-green',
			'price'      => '45',
			'weight'     => '1.5',
			'dims'       => array( '10', '8', '3' ),
			'type'       => 'variation',
			'parent'     => 30,
			'attributes' => array( 'attribute_pa_color' => 'green', 'attribute_logo' => 'No' ),
		),
	);

	/**
	 * @return array<string,mixed>|null
	 */
	public static function get( int $id ): ?array {
		if ( ! isset( self::PRODUCTS[ $id ] ) ) {
			return null;
		}
		return array( 'id' => $id ) + self::PRODUCTS[ $id ];
	}

	/**
	 * IDs a cart can hold (simple products and variations).
	 *
	 * @return int[]
	 */
	public static function ids(): array {
		return array_keys( self::PRODUCTS );
	}

	/**
	 * The label WooCommerce shows for a variation attribute (wc_attribute_label()).
	 */
	public static function attribute_label( string $attribute ): string {
		$name = preg_replace( '/^attribute_(pa_)?/', '', $attribute );
		return 'color' === $name ? 'Color' : ucfirst( (string) $name );
	}
}
